/**
 * The offline preview renderer's pictures are procedural drawings, not AI: say so on the
 * picture itself, in a corner, wherever one is shown.
 */
export function OfflinePreviewLabel({ className = "left-2 top-2" }: { className?: string }) {
  return (
    <span
      data-testid="offline-preview-label"
      title="Drawn by the offline preview renderer on this machine, not by an AI model"
      className={`pointer-events-none absolute z-10 rounded-md bg-black/70 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-white ${className}`}
    >
      Offline preview
    </span>
  );
}
