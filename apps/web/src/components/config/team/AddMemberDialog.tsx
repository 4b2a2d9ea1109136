import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../lib/api';
import type { BusinessRole } from '../../../lib/config/types';
import { normaliseKenyanMobile } from '../../../lib/phone';
import { ShellDialog } from '../ShellDialog';
import { RolePicker } from './RolePicker';
import { teamErrorMessage } from './team-api';

/**
 * UI-TEAM-02: add an existing Tafuta account by phone. The number is normalised to +254 as it is
 * typed (the same rules as the sign-in field, UI-AUTH-01), so the owner sees which number will be
 * looked up before sending.
 */
export function AddMemberDialog(props: {
  businessId: string;
  roles: readonly BusinessRole[];
  onClose: () => void;
  onAdded: (name: string) => void;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const id = useId();
  const [phone, setPhone] = useState('');
  const [touched, setTouched] = useState(false);
  const [role, setRole] = useState<BusinessRole>('employee');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const e164 = normaliseKenyanMobile(phone);
  const showInvalid = touched && phone.trim() !== '' && e164 === null;

  const submit = async () => {
    setTouched(true);
    if (!e164) {
      setFailure(tc('team.add.phoneInvalid'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const added = await apiSend<{ full_name: string }>('POST', `/businesses/${props.businessId}/users`, {
        phone: e164,
        role,
      });
      props.onAdded(added.full_name);
    } catch (error) {
      setFailure(teamErrorMessage(t, tc, error));
      setBusy(false);
    }
  };

  return (
    <ShellDialog
      title={tc('team.add.title')}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      submitLabel={tc('team.add.submit')}
      busy={busy}
      failure={failure}
    >
      <p className="text-grey-600">{tc('team.add.intro')}</p>
      <div>
        <label htmlFor={`${id}-phone`} className="field-label">
          {tc('team.add.phone')}
        </label>
        <div className="flex items-stretch">
          <span
            aria-hidden="true"
            className="flex items-center rounded-l-xl border border-r-0 border-grey-500 bg-grey-50 px-3"
          >
            {'+254'}
          </span>
          <input
            id={`${id}-phone`}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            className="field min-w-0 flex-1 rounded-l-none"
            value={phone}
            aria-invalid={showInvalid}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setPhone(event.target.value)}
            onBlur={() => setTouched(true)}
          />
        </div>
        <p
          id={`${id}-hint`}
          className={`mt-1 text-small ${showInvalid ? 'text-error-700' : 'text-grey-600'}`}
        >
          {showInvalid
            ? tc('team.add.phoneInvalid')
            : e164
              ? tc('team.add.willAdd', { phone: e164 })
              : tc('team.add.phoneHint')}
        </p>
      </div>
      <RolePicker roles={props.roles} value={role} onChange={setRole} />
    </ShellDialog>
  );
}
