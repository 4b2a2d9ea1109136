import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocalPhone } from '../../../lib/phone';
import type { TeamMember } from './team-api';

const ROLE_CHIP: Record<TeamMember['role'], string> = {
  owner: 'bg-ink text-white',
  admin: 'bg-brand-50 text-brand-700',
  employee: 'bg-grey-50 text-ink',
};

/** UI-TEAM-01: name, "(You)", role chip, phone, and the actions the viewer's role allows. */
export function MemberRow(props: {
  member: TeamMember;
  isSelf: boolean;
  canManage: boolean;
  onChangeRole: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('config');
  const { member } = props;
  const nameId = useId();
  return (
    <li className="card p-4" aria-labelledby={nameId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold break-words">
          <span id={nameId}>{member.full_name}</span>
          {props.isSelf && <span className="font-normal text-grey-600"> {t('team.you')}</span>}
        </p>
        <span className={`rounded-full px-3 py-1 text-small font-semibold ${ROLE_CHIP[member.role]}`}>
          {t(`team.role.${member.role}`)}
        </span>
      </div>
      {member.phone && (
        <p className="mt-1 text-grey-600">
          <span className="sr-only">{t('team.phone')} </span>
          {formatLocalPhone(member.phone)}
        </p>
      )}
      {props.canManage && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={props.onChangeRole}>
            {t('team.changeRole.action')}
          </button>
          <button type="button" className="btn-ghost text-error-700" onClick={props.onRemove}>
            {props.isSelf ? t('team.remove.selfAction') : t('team.remove.action')}
          </button>
        </div>
      )}
    </li>
  );
}
