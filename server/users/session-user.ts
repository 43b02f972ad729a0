/** The signed-in caller as the rest of the server sees it. */
export type SessionUser = {
  id: string;
  name: string | null;
  email: string | null;
  imageUrl: string | null;
  dailyGenLimit: number;
  /** How the caller proved who they are. */
  via: "local-session" | "clerk" | "api-token" | "test";
};
