import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../lib/api';
import type { BusinessRole } from '../../../lib/config/types';
import { ShellDialog } from '../ShellDialog';
import { RolePicker } from './RolePicker';
import { teamErrorMessage, type TeamMember } from './team-api';

/** One request with progress and a translated refusal (UI-SAVE-06), shared by both dialogs. */
function useTeamRequest(run: () => Promise<unknown>, onDone: () => void) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await run();
      onDone();
    } catch (error) {
      setFailure(teamErrorMessage(t, tc, error));
      setBusy(false);
    }
  };
  return { busy, failure, submit: () => void submit() };
}

/** UI-TEAM-01/03: change a member's role; the server refuses demoting the last owner (LAST_OWNER). */
export function ChangeRoleDialog(props: {
  businessId: string;
  member: TeamMember;
  roles: readonly BusinessRole[];
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation('config');
  const [role, setRole] = useState<BusinessRole>(props.member.role);
  const request = useTeamRequest(
    () => apiSend('PATCH', `/businesses/${props.businessId}/users/${props.member.user_id}`, { role }),
    props.onChanged,
  );
  return (
    <ShellDialog
      title={t('team.changeRole.title', { name: props.member.full_name })}
      onClose={props.onClose}
      onSubmit={request.submit}
      submitLabel={t('team.changeRole.submit')}
      submitDisabled={role === props.member.role}
      busy={request.busy}
      failure={request.failure}
    >
      <RolePicker roles={props.roles} value={role} onChange={setRole} />
    </ShellDialog>
  );
}

/** UI-TEAM-03: removal always asks first; leaving yourself says that access ends at once. */
export function RemoveMemberDialog(props: {
  businessId: string;
  businessName: string;
  member: TeamMember;
  isSelf: boolean;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation('config');
  const request = useTeamRequest(
    () => apiSend('DELETE', `/businesses/${props.businessId}/users/${props.member.user_id}`),
    props.onRemoved,
  );
  return (
    <ShellDialog
      title={
        props.isSelf ? t('team.remove.selfTitle') : t('team.remove.title', { name: props.member.full_name })
      }
      onClose={props.onClose}
      onSubmit={request.submit}
      submitLabel={props.isSelf ? t('team.remove.selfSubmit') : t('team.remove.submit')}
      danger
      busy={request.busy}
      failure={request.failure}
    >
      <p>
        {props.isSelf
          ? t('team.remove.selfBody', { business: props.businessName })
          : t('team.remove.body', { name: props.member.full_name, business: props.businessName })}
      </p>
    </ShellDialog>
  );
}
