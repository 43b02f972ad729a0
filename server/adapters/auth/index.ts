// The auth port: how a request proves its user, chosen once from env.
import type { AdapterChoice, Env } from "../../env";
import { clerkOptionsFrom, createClerkSessions, type ClerkSessions } from "./clerk";
import { createLocalSessions, type LocalSessions } from "./local";

export type AuthPort = { kind: "local"; local: LocalSessions } | { kind: "clerk"; clerk: ClerkSessions };

export function createAuthPort(env: Env, choice: AdapterChoice["auth"]): AuthPort {
  if (choice === "clerk") return { kind: "clerk", clerk: createClerkSessions(clerkOptionsFrom(env)) };
  return { kind: "local", local: createLocalSessions(env) };
}

export type { ClerkSessions, LocalSessions };
