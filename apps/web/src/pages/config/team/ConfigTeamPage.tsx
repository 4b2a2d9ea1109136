import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from '../../../components/States';
import { AddMemberDialog } from '../../../components/config/team/AddMemberDialog';
import { ChangeRoleDialog, RemoveMemberDialog } from '../../../components/config/team/MemberDialogs';
import { MemberRow } from '../../../components/config/team/MemberRow';
import {
  assignableRoles,
  fetchTeamPage,
  mayManage,
  teamKey,
  type TeamMember,
} from '../../../components/config/team/team-api';
import { useMe } from '../../../lib/session';
import { myBusinessesKey, useCurrentBusiness } from '../business-context';
import { LoadMore, nextPageParam } from '../../../components/config/LoadMore';

type OpenDialog = { kind: 'add' } | { kind: 'role' | 'remove'; member: TeamMember } | null;

/**
 * Team (UI-TEAM-01..03): everyone sees the members; Owners and Admins add, change and remove within
 * ROLE-07/08, and the server has the last word (the last owner, an Admin touching an Owner).
 */
export default function ConfigTeamPage() {
  const { t } = useTranslation('config');
  const current = useCurrentBusiness();
  const { business, readOnly } = current;
  const me = useMe().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const businessId = business.business_id;
  const actorRole = business.your_role;
  const manage = current.can('team.manage') && !readOnly;

  const team = useInfiniteQuery({
    queryKey: teamKey(businessId),
    queryFn: ({ pageParam, signal }) => fetchTeamPage(businessId, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: nextPageParam,
  });
  const members = team.data?.pages.flatMap((page) => page.items) ?? [];

  const done = async (message: string) => {
    setDialog(null);
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: teamKey(businessId) });
  };

  const removed = async (member: TeamMember) => {
    if (member.user_id === me?.user_id) {
      // Leaving: this business is no longer ours, so go home and let the switcher forget it.
      await queryClient.invalidateQueries({ queryKey: myBusinessesKey });
      void navigate('/config', { replace: true });
      return;
    }
    await done(t('team.remove.done', { name: member.full_name }));
  };

  return (
    <div className="space-y-4 py-4">
      <title>{t('team.pageTitle', { business: business.business_name })}</title>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-h1 font-bold">{t('team.title')}</h1>
        {manage && (
          <button type="button" className="btn-primary" onClick={() => setDialog({ kind: 'add' })}>
            <UserPlus aria-hidden="true" className="size-5" />
            {t('team.add.action')}
          </button>
        )}
      </div>
      <p className="text-grey-600">
        {manage ? t('team.introManage') : t('team.introReadOnly', { business: business.business_name })}
      </p>
      {notice && (
        <p role="status" className="rounded-xl bg-success-50 p-3 text-success-700">
          {notice}
        </p>
      )}
      {team.isPending && <p className="text-grey-600">{t('team.loading')}</p>}
      {team.isError && <ErrorState error={team.error} onRetry={() => void team.refetch()} />}
      {members.length > 0 && (
        <ul className="space-y-3" aria-label={t('team.listLabel')}>
          {members.map((member) => (
            <MemberRow
              key={member.user_id}
              member={member}
              isSelf={member.user_id === me?.user_id}
              canManage={manage && mayManage(actorRole, member.role)}
              onChangeRole={() => setDialog({ kind: 'role', member })}
              onRemove={() => setDialog({ kind: 'remove', member })}
            />
          ))}
        </ul>
      )}
      <LoadMore list={team} label={t('team.loadMore')} loadingLabel={t('team.loading')} />

      {dialog?.kind === 'add' && (
        <AddMemberDialog
          businessId={businessId}
          roles={assignableRoles(actorRole)}
          onClose={() => setDialog(null)}
          onAdded={(name) => void done(t('team.add.done', { name }))}
        />
      )}
      {dialog?.kind === 'role' && (
        <ChangeRoleDialog
          businessId={businessId}
          member={dialog.member}
          roles={assignableRoles(actorRole)}
          onClose={() => setDialog(null)}
          onChanged={() => {
            // A changed own role changes what this screen (and every other) may offer.
            if (dialog.member.user_id === me?.user_id) void current.refresh();
            void done(t('team.changeRole.done', { name: dialog.member.full_name }));
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveMemberDialog
          businessId={businessId}
          businessName={business.business_name}
          member={dialog.member}
          isSelf={dialog.member.user_id === me?.user_id}
          onClose={() => setDialog(null)}
          onRemoved={() => void removed(dialog.member)}
        />
      )}
    </div>
  );
}
