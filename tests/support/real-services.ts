// CI sets REQUIRE_REAL_SERVICES=1: a real-service test that cannot reach its service
// fails instead of being skipped. On a laptop without Redis it is skipped, loudly.
export const requireRealServices = process.env.REQUIRE_REAL_SERVICES === "1" || process.env.CI === "true";
