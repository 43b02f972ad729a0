// Reading a page's form post. A post that is not a form (another Content-Type, a broken
// multipart body) is the sender's mistake, answered 415 or 400 with a sentence, never a
// 500; and a form is read within MAX_FORM_BODY_BYTES (413 above it), so a huge post cannot
// make the server buffer it.
import { payloadTooLarge, readBodyWithin } from "../../server/http/body-limit";
import { MAX_FORM_BODY_BYTES } from "../../server/http/request-limits";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    // Read it (within the ceiling) rather than cancel it: cutting an upload short ends the
    // connection, and the answer with it.
    await readBodyWithin(request, MAX_FORM_BODY_BYTES);
    throw new Response("This address takes a form: send it as application/x-www-form-urlencoded or multipart/form-data.", {
      status: 415,
      statusText: "Unsupported Media Type",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const limited = await readBodyWithin(request, MAX_FORM_BODY_BYTES);
  if (!limited.ok) throw payloadTooLarge(MAX_FORM_BODY_BYTES);
  try {
    return await new Response(limited.bytes as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw new Response("The form could not be read (a malformed body).", {
      status: 400,
      statusText: "Bad Request",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
