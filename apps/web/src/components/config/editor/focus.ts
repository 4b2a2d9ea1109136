/**
 * UI-PROF-04: after a failed save, the first invalid field (in screen order) gets focus and is scrolled
 * into view. Runs after React has painted the error state; fields in hidden tab panels are skipped, so
 * an editor with language tabs first selects the tab that holds the error.
 */
export function focusFirstInvalid(root: ParentNode = document): void {
  window.requestAnimationFrame(() =>
    window.requestAnimationFrame(() => {
      const fields = Array.from(root.querySelectorAll<HTMLElement>('[aria-invalid="true"]'));
      const visible = fields.find((field) => field.getClientRects().length > 0);
      if (!visible) return;
      visible.focus({ preventScroll: true });
      visible.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }),
  );
}
