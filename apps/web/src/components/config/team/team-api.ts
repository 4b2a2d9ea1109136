import type { TFunction } from 'i18next';
import { ApiError, apiGetPage, type Page } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import type { BusinessRole } from '../../../lib/config/types';

/** EP-BIZ-10 row (apps/api/src/modules/businesses/team.service.ts `memberView`). */
export interface TeamMember {
  user_id: string;
  full_name: string;
  nickname: string | null;
  phone: string | null;
  role: BusinessRole;
  added_at: string;
}

export const TEAM_PAGE_SIZE = 20;
export const ROLES: readonly BusinessRole[] = ['owner', 'admin', 'employee'];

export const teamKey = (businessId: string) => ['config', 'team', businessId] as const;

export function fetchTeamPage(
  businessId: string,
  page: number,
  signal: AbortSignal,
): Promise<Page<TeamMember>> {
  return apiGetPage<TeamMember>(`/businesses/${businessId}/users`, {
    signal,
    query: { page, limit: TEAM_PAGE_SIZE },
  });
}

/**
 * UI-TEAM-01/03 with ROLE-07/08 (permissions.ts `canChangeMemberRole`, `canRemoveMember`): Owners manage
 * everyone, Admins manage Admins and Employees, Employees only look. The last-owner rule needs the whole
 * team, so the server answers it (LAST_OWNER) and the dialog shows that answer.
 */
export function mayManage(actorRole: BusinessRole | null, target: BusinessRole): boolean {
  if (actorRole === 'owner') return true;
  return actorRole === 'admin' && target !== 'owner';
}

/** Roles the actor may give (UI-TEAM-02: Owner only when the actor is an Owner). */
export function assignableRoles(actorRole: BusinessRole | null): BusinessRole[] {
  if (actorRole === 'owner') return ['employee', 'admin', 'owner'];
  if (actorRole === 'admin') return ['employee', 'admin'];
  return [];
}

const TEAM_CODES = ['ACCOUNT_NOT_FOUND', 'LAST_OWNER', 'ALREADY_MEMBER', 'FORBIDDEN', 'NOT_FOUND'] as const;
type TeamCode = (typeof TEAM_CODES)[number];

/** UI-SAVE-06: the team's own wording for the refusals it expects, the shared catalogue for the rest. */
export function teamErrorMessage(t: TFunction, tc: TFunction<'config'>, error: unknown): string {
  if (error instanceof ApiError && (TEAM_CODES as readonly string[]).includes(error.code)) {
    return tc(`team.errors.${error.code as TeamCode}`);
  }
  return errorMessage(t, error);
}
