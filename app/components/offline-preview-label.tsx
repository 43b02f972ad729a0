/**
 * The offline preview renderer's pictures are procedural drawings, not AI: say so on the
 * picture itself, in a corner, wherever one is shown.
 */
export function OfflinePreviewLabel({ className = "left-2 top-2" }: { className?: string }) {
  return (
    <span
      data-testid="offline-preview-label"
      title="Drawn by the offline preview renderer on this machine, not by an AI model"
      className={`offline-label ${className}`}
    >
      Offline preview
    </span>
  );
}
