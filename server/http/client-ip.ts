/**
 * The caller's address as the app server saw it (socket, or a trusted proxy's
 * X-Forwarded-For per TRUST_PROXY). The server drops any incoming value of this
 * header and sets its own, so callers cannot pick the key their limits are counted on.
 */
export const CLIENT_IP_HEADER = "x-studio-client-ip";

export function clientIp(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) || "127.0.0.1";
}
