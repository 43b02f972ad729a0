// How much one HTTP request may ask of the server. Constants, not settings: clients (the
// typed client, the browser) split their batches by MAX_BATCH_CALLS, so it must not vary
// between deployments. Import-free, so client code may import it.

/** tRPC calls in one batched request; more is a 400 before any of them runs. */
export const MAX_BATCH_CALLS = 20;

/** A tRPC request body (all calls of a batch together); more is a 413. */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;

/** A Clerk webhook delivery; more is a 413, before its signature is checked. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** A page's form post (the studio, a picture's controls, history's bulk bar, sign-in); more is a 413. */
export const MAX_FORM_BODY_BYTES = 256 * 1024;
