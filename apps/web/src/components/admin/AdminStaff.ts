import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet } from '../../lib/api';
import type { Profile } from '../../lib/api-types';

/**
 * The signed-in staff member and what the UI may offer them. ADM-005: hiding buttons is cosmetic; the
 * server re-checks every request against the current role (ADM-004), so this mirror of ADM-003 may only
 * ever be narrower than the server's matrix, never a control.
 */

export type StaffRole = 'super_admin' | 'admin' | 'support_staff';
export interface StaffProfile extends Profile {
  staff_role: StaffRole | null;
}

const ADMIN_PLUS: readonly StaffRole[] = ['super_admin', 'admin'];
const SUPER: readonly StaffRole[] = ['super_admin'];
const SUPPORT_PLUS: readonly StaffRole[] = ['super_admin', 'admin', 'support_staff'];

/** The rows of ADM-003 the screens need, named as in apps/api/src/modules/auth/permissions.ts. */
const MATRIX = {
  'approval.decide': SUPPORT_PLUS,
  'businesses.suspend': ADMIN_PLUS,
  'businesses.delete': ADMIN_PLUS,
  'businesses.set_verification': ADMIN_PLUS,
  'businesses.mark_out_of_business': ADMIN_PLUS,
  'businesses.manage_users': ADMIN_PLUS,
  'businesses.export': ADMIN_PLUS,
  'businesses.edit_content': SUPPORT_PLUS,
  'businesses.rollback': SUPPORT_PLUS,
  'services.adjust': ADMIN_PLUS,
  'users.unlock': SUPPORT_PLUS,
  'users.suspend': ADMIN_PLUS,
  'users.delete': ADMIN_PLUS,
  'users.set_verification': ADMIN_PLUS,
  'users.change_phone': ADMIN_PLUS,
  'users.export': ADMIN_PLUS,
  'money.export': ADMIN_PLUS,
  'money.manage_refunds': ADMIN_PLUS,
  'money.manage_discounts': ADMIN_PLUS,
  'money.resolve_payment': ADMIN_PLUS,
  'services.premium_review': ADMIN_PLUS,
  'services.send_reminder': SUPPORT_PLUS,
  'logs.export': ADMIN_PLUS,
  'categories.manage': ADMIN_PLUS,
  'regions.manage': SUPER,
  'fees.manage': SUPER,
  'system.view_config': SUPER,
  'system.templates': SUPER,
  'system.staff_accounts': SUPER,
  'notifications.send': ADMIN_PLUS,
  'notifications.send_all_service': SUPER,
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffPower = keyof typeof MATRIX;

export function allowed(role: StaffRole | null | undefined, power: StaffPower): boolean {
  return role !== null && role !== undefined && MATRIX[power].includes(role);
}

export const STAFF_KEY = ['admin', 'me'] as const;

/** null when signed out or when the session is a public one (no staff role). */
export function useStaff() {
  return useQuery({
    queryKey: STAFF_KEY,
    queryFn: async ({ signal }) => {
      try {
        const me = await apiGet<StaffProfile>('/users/me', { signal });
        return me.staff_role ? me : null;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** The role of the signed-in staff member; the shell only renders pages once it is known. */
export function useStaffRole(): StaffRole | null {
  return useStaff().data?.staff_role ?? null;
}
