// Shared class names, so every button and field looks and focuses the same way. Each is
// one component class of app/tailwind.css (short HTML; see the note there).
export const buttonPrimary = "btn-primary";
export const buttonSecondary = "btn-secondary";
export const buttonGhost = "btn-ghost";
export const buttonDanger = "btn-danger";
/** A card's small button or menu summary (Save, Select…). */
export const buttonChip = "btn-chip";
export const fieldLabel = "field-label";
export const fieldHint = "field-hint";
export const input = "field";
export const card = "panel";
