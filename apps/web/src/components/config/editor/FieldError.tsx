import { CircleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { problemText } from './content-errors';

/**
 * The sentence under a field (UI-PROF-04). `error` is a form error message as the kit encodes it
 * (`tooLong:100`, see content-errors.ts); the input points at `id` with `aria-describedby`. An icon
 * and the words carry the state, never the red colour alone (UI-A11Y).
 */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useTranslation('config');
  if (!error) return null;
  return (
    <p id={id} className="mt-1 flex items-start gap-1 text-small font-semibold text-error-700">
      <CircleAlert size={16} aria-hidden="true" className="mt-0.5 shrink-0" />
      {problemText(t, error)}
    </p>
  );
}
