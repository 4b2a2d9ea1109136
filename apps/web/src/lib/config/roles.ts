import type { BusinessRole } from './types';

/**
 * UI-DASH-03: what each business role sees and may do. The server enforces the same rules
 * (auth-and-api.md ROLE-05); this table only decides what the dashboard shows, so a hidden button is
 * never the only guard.
 */
export type DashboardAction =
  | 'profile.edit'
  | 'website.edit'
  | 'website.changeAddress'
  | 'photos.upload'
  | 'photos.delete'
  | 'services.view'
  | 'services.buy'
  | 'transactions.view'
  | 'history.view'
  | 'history.restore'
  | 'team.view'
  | 'team.manage'
  | 'team.manageOwners'
  | 'settings.edit';

const RULES: Record<DashboardAction, readonly BusinessRole[]> = {
  'profile.edit': ['owner', 'admin', 'employee'],
  'website.edit': ['owner', 'admin', 'employee'],
  'website.changeAddress': ['owner'],
  'photos.upload': ['owner', 'admin', 'employee'],
  'photos.delete': ['owner', 'admin'],
  'services.view': ['owner', 'admin', 'employee'],
  'services.buy': ['owner'],
  'transactions.view': ['owner', 'admin'],
  'history.view': ['owner', 'admin', 'employee'],
  'history.restore': ['owner', 'admin'],
  'team.view': ['owner', 'admin', 'employee'],
  'team.manage': ['owner', 'admin'],
  'team.manageOwners': ['owner'],
  'settings.edit': ['owner'],
};

export function can(role: BusinessRole | null | undefined, action: DashboardAction): boolean {
  return role !== null && role !== undefined && RULES[action].includes(role);
}
