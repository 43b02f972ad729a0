import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/lib/page-meta";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { PendingPicture } from "~/components/pending-picture";
import { usePendingGenerations } from "~/lib/use-pending";
import { friendlyMessage, trpc } from "~/lib/trpc.client";
import { serverCaller } from "~/lib/trpc.server";
import { orHttpError, publicOrigin } from "~/lib/loader-errors.server";
import { handleOwnerAction } from "~/lib/owner-actions.server";
import { downloadName, formatDate, isOfflinePreview, isPending, promptTitle, shownPrompt } from "~/lib/generation-view";
import { Avatar } from "~/components/avatar";
import { FoldedText } from "~/components/folded-text";
import { OfflinePreviewLabel } from "~/components/offline-preview-label";
import { DETAIL_LABELS, isStyle, STYLE_LABELS, type DetailLevel } from "../../server/contract";
import { CopyButton } from "~/components/copy-button";
import { OwnerControls } from "~/components/owner-controls";
import { DownloadIcon, LinkIcon, RemixIcon, ShareIcon, XIcon } from "~/components/icons";
import { buttonPrimary, buttonSecondary, card, fieldHint } from "~/components/ui";
import { ShareButton } from "~/components/share-button";
import { LikeButton } from "~/components/like-button";
import { SaveToCollection } from "~/components/save-to-collection";
import { GenerationThumb } from "~/components/generation-card";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context);
  const g = await orHttpError(request, caller.generation.get({ id: params.id ?? "" }));
  // "Save to collection" for a signed-in viewer: their collections (none for visitors).
  const me = await caller.me();
  const collections = me && (g.isPublic || g.isOwner) ? (await caller.collection.mine()).map((c) => ({ id: c.id, name: c.name })) : null;
  const origin = publicOrigin(request);
  const absolute = (u: string | null) => (u ? new URL(u, origin).toString() : null);
  return { g, pageUrl: `${origin}/g/${g.id}`, absoluteImageUrl: absolute(g.imageUrl), collections };
}

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  handleOwnerAction(request, context, { afterDelete: params.id ? "/history" : undefined });

export const meta: MetaFunction<typeof loader> = pageMeta<typeof loader>(({ data }) => {
  if (!data) return [{ title: "Not found | Image Studio" }];
  const { g, pageUrl, absoluteImageUrl } = data;
  const prompt = shownPrompt(g);
  const title = `${promptTitle(g.originalPrompt, 60)} | Image Studio`;
  const description = prompt.slice(0, 200);
  const tags = [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: "Image Studio" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: pageUrl },
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
    { tagName: "link", rel: "canonical", href: pageUrl },
  ];
  if (absoluteImageUrl) {
    tags.push(
      { property: "og:image", content: absoluteImageUrl },
      { property: "og:image:width", content: String(g.width) },
      { property: "og:image:height", content: String(g.height) },
      { property: "og:image:alt", content: description },
      { name: "twitter:image", content: absoluteImageUrl },
    );
  }
  if (!g.isPublic) tags.push({ name: "robots", content: "noindex" });
  return tags;
});

/** The studio, prefilled with this picture's prompt and settings, its seed included. */
function remixHref(g: {
  originalPrompt: string;
  style: string | null;
  aspectRatio: string;
  detailLevel: string | null;
  model: string;
  negativePrompt: string | null;
  id: string;
  seed: number | null;
}) {
  const q = new URLSearchParams({ prompt: g.originalPrompt, aspectRatio: g.aspectRatio, model: g.model, from: g.id });
  if (g.seed != null) q.set("seed", String(g.seed));
  if (g.style) q.set("style", g.style);
  if (g.detailLevel) q.set("detailLevel", g.detailLevel);
  if (g.negativePrompt) q.set("negativePrompt", g.negativePrompt);
  return `/create?${q}`;
}

function Meta({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="text-right font-medium">{value}</dd>
    </div>
  );
}

/** Cancels a queued or rendering picture (its owner only; JavaScript). */
function CancelButton({ id }: { id: string }) {
  const revalidator = useRevalidator();
  const [state, setState] = useState<"idle" | "busy" | string>("idle");
  return (
    <>
      <button
        type="button"
        className={buttonSecondary}
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          try {
            await trpc().generation.cancel.mutate({ id });
            setState("idle");
          } catch (e) {
            setState(friendlyMessage(e));
          }
          revalidator.revalidate();
        }}
      >
        <XIcon className="h-4 w-4" /> Cancel
      </button>
      {state !== "idle" && state !== "busy" ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {state}
        </p>
      ) : null}
    </>
  );
}

export default function GenerationPage() {
  const { g, pageUrl, collections } = useLoaderData<typeof loader>();
  const download = g.imageUrl;
  const pendingNow = isPending(g);
  const live = usePendingGenerations(pendingNow ? [g.id] : []).get(g.id);
  return (
    <article className="grid gap-8 py-10 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div>
        <div
          className="relative mx-auto overflow-hidden rounded-2xl bg-zinc-200 shadow-xl ring-1 ring-zinc-900/5 dark:bg-zinc-800 dark:ring-white/10"
          style={{ aspectRatio: `${g.width} / ${g.height}`, maxHeight: "78vh", maxWidth: `calc(78vh * ${g.width / g.height})` }}
        >
          {pendingNow ? (
            <>
              <PendingPicture
                width={g.width}
                height={g.height}
                status={live?.status ?? g.status}
                stage={live?.stage}
                position={live?.position}
                className="h-full"
              />
              {/* Without JavaScript the page looks again every few seconds until the picture is done. */}
              <noscript>
                <meta httpEquiv="refresh" content="4" />
              </noscript>
            </>
          ) : g.imageUrl ? (
            <img
              src={g.imageUrl}
              width={g.width}
              height={g.height}
              alt={shownPrompt(g).slice(0, 300)}
              className="h-full w-full object-contain"
              data-testid="generation-image"
            />
          ) : null}
          {isOfflinePreview(g) ? <OfflinePreviewLabel className="right-3 top-3" /> : null}
        </div>
      </div>
      <aside className="space-y-6">
        <div>
          <div className="flex items-center gap-3">
            <Avatar name={g.author.name} imageUrl={g.author.imageUrl} size="md" />
            <div>
              <p className="text-sm font-semibold">{g.author.name ?? "Anonymous"}</p>
              {/* Named "Profile", not by the author's name: a name is anything its owner typed. */}
              <Link to={`/u/${g.author.id}`} className="text-xs font-medium text-violet-700 hover:underline dark:text-violet-300">
                Profile
              </Link>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                <time dateTime={String(g.createdAt)}>{formatDate(g.createdAt)}</time>
                {g.isPublic ? " · Public" : " · Private"}
              </p>
            </div>
          </div>
          {/* A long prompt is a title of its first words; the whole of it folds out below. */}
          <FoldedText
            as="h1"
            text={g.originalPrompt}
            preview={90}
            label="Full prompt"
            testId="full-prompt"
            className="mt-5 line-clamp-3 break-words text-xl font-bold leading-snug tracking-tight"
          />
        </div>

        <div className="flex flex-wrap gap-2">
          {download ? (
            <a href={download} download={downloadName(g)} className={buttonPrimary}>
              <DownloadIcon className="h-4 w-4" /> Download
            </a>
          ) : null}
          {g.isPublic && !pendingNow ? <LikeButton id={g.id} likeCount={g.likeCount} likedByMe={g.likedByMe} /> : null}
          <Link to={remixHref(g)} className={buttonSecondary}>
            <RemixIcon className="h-4 w-4" /> Remix
          </Link>
          {/* Sharing a private picture would send people a link they cannot open. */}
          {pendingNow || !g.isPublic ? null : (
            <ShareButton url={pageUrl} title={promptTitle(g.originalPrompt, 80)} icon={<ShareIcon className="h-4 w-4" />} />
          )}
          <CopyButton text={pageUrl} label="Copy link" icon={<LinkIcon className="h-4 w-4" />} />
          {pendingNow && g.isOwner ? <CancelButton id={g.id} /> : null}
        </div>
        {!g.isPublic && g.isOwner && !pendingNow ? (
          <p className={fieldHint} data-testid="private-link-note">
            Only you can open this link while the picture is private; make it public to share it.
          </p>
        ) : null}

        {g.isOwner && !pendingNow ? (
          <section aria-labelledby="owner-h" className={`${card} p-4`}>
            <h2 id="owner-h" className="mb-3 text-sm font-semibold">
              Your picture
            </h2>
            <OwnerControls id={g.id} isPublic={g.isPublic} action={`/g/${g.id}`} />
          </section>
        ) : null}

        {collections && !pendingNow ? <SaveToCollection id={g.id} collections={collections} /> : null}

        {g.parent || g.remixes.count ? (
          <section aria-labelledby="lineage-h" className={`${card} space-y-3 p-4`}>
            <h2 id="lineage-h" className="sr-only">
              Lineage
            </h2>
            {g.parent ? (
              <p className="text-sm">
                Remixed from{" "}
                {g.parent.status === "available" ? (
                  <Link to={`/g/${g.parent.picture.id}`} className="font-medium text-violet-700 hover:underline dark:text-violet-300">
                    {g.parent.picture.originalPrompt.slice(0, 80)}
                  </Link>
                ) : (
                  <span className="italic text-zinc-600 dark:text-zinc-400">a deleted picture</span>
                )}
              </p>
            ) : null}
            {g.remixes.count ? (
              <div>
                <p className="text-sm font-semibold">{`Remixes (${g.remixes.count})`}</p>
                <ul className="mt-2 grid grid-cols-3 gap-2">
                  {g.remixes.items.map((r) => (
                    <li key={r.id}>
                      <Link to={`/g/${r.id}`} className="block overflow-hidden rounded-lg ring-1 ring-zinc-900/5 dark:ring-white/10">
                        <GenerationThumb g={r} sizes="96px" />
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ) : null}

        {g.betterPrompt && g.betterPrompt !== g.originalPrompt ? (
          <section aria-labelledby="better-h" className={`${card} p-4`}>
            <div className="flex items-center justify-between gap-2">
              <h2 id="better-h" className="text-sm font-semibold">
                Optimized prompt
              </h2>
              <CopyButton
                text={g.betterPrompt}
                label="Copy prompt"
                className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-violet-700 hover:bg-violet-50 dark:text-violet-300 dark:hover:bg-violet-500/10"
              />
            </div>
            <FoldedText
              text={g.betterPrompt}
              preview={320}
              label="Whole optimized prompt"
              className="mt-2 text-sm leading-relaxed text-zinc-700 dark:text-zinc-300"
            />
          </section>
        ) : (
          <div className="flex">
            <CopyButton text={g.originalPrompt} label="Copy prompt" />
          </div>
        )}
        {g.negativePrompt ? (
          <section className={`${card} p-4`}>
            <h2 className="text-sm font-semibold">Avoid</h2>
            <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{g.negativePrompt}</p>
          </section>
        ) : null}

        <section aria-labelledby="details-h" className={`${card} px-4 py-2`}>
          <h2 id="details-h" className="sr-only">
            Details
          </h2>
          <dl className="divide-y divide-zinc-200 dark:divide-zinc-800">
            <Meta label="Model" value={g.provider === "local" ? `${g.model} (offline preview)` : g.model} />
            {g.style ? <Meta label="Style" value={isStyle(g.style) ? STYLE_LABELS[g.style] : g.style} /> : null}
            <Meta label="Aspect ratio" value={g.aspectRatio} />
            <Meta label="Size" value={`${g.width} × ${g.height}`} />
            {g.detailLevel ? <Meta label="Detail" value={DETAIL_LABELS[g.detailLevel as DetailLevel] ?? g.detailLevel} /> : null}
            {g.seed != null ? <Meta label="Seed" value={<span className="tabular-nums">{g.seed}</span>} /> : null}
            {g.generationDuration != null ? <Meta label="Render time" value={`${(g.generationDuration / 1000).toFixed(1)} s`} /> : null}
          </dl>
        </section>
      </aside>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";
