import { describe, expect, it } from 'vitest';
import {
  BUSINESS_ACTIONS,
  STAFF_ACTIONS,
  can,
  canChangeMemberRole,
  canRemoveMember,
  roleRank,
  type Actor,
  type BusinessAction,
  type BusinessResource,
  type BusinessRole,
  type StaffAction,
  type StaffRole,
} from './permissions.js';

type Mark = '✓' | '✗';
type StaffColumn = 'Support+' | 'Admin+' | 'Super' | '—';

const STAFF_COLUMN: Record<StaffColumn, readonly StaffRole[]> = {
  'Support+': ['super_admin', 'admin', 'support_staff'],
  'Admin+': ['super_admin', 'admin'],
  Super: ['super_admin'],
  '—': [],
};

const STAFF_ROLES: readonly StaffRole[] = ['super_admin', 'admin', 'support_staff'];

// Copied from auth-and-api.md ROLE-05, with the staff column as corrected by ERRATA 8.
// action, owner, business admin, employee, Tafuta staff
const ROLE_05: [BusinessAction, Mark, Mark, Mark, StaffColumn][] = [
  ['business.view_private', '✓', '✓', '✓', 'Support+'],
  ['business.edit_content', '✓', '✓', '✓', 'Support+'],
  ['business.upload_image', '✓', '✓', '✓', 'Support+'],
  ['business.delete_image', '✓', '✓', '✗', 'Admin+'],
  ['business.rollback', '✓', '✓', '✗', 'Support+'],
  ['business.manage_ads', '✓', '✓', '✗', 'Admin+'],
  ['business.view_subscriptions', '✓', '✓', '✓', 'Support+'],
  ['business.view_transactions', '✓', '✓', '✗', 'Support+'],
  ['business.pay', '✓', '✗', '✗', '—'],
  ['business.view_members', '✓', '✓', '✓', 'Support+'],
  ['business.manage_employees', '✓', '✓', '✗', 'Admin+'],
  ['business.manage_admins', '✓', '✓', '✗', 'Admin+'],
  ['business.manage_owners', '✓', '✗', '✗', 'Admin+'],
  ['business.leave', '✓', '✓', '✓', '—'],
  ['business.set_subdomain', '✓', '✗', '✗', 'Admin+'],
  ['business.change_tag', '✓', '✗', '✗', 'Admin+'],
  ['business.deactivate', '✓', '✗', '✗', '—'],
  ['business.mark_out_of_business', '✓', '✗', '✗', 'Admin+'],
  ['business.suspend', '✗', '✗', '✗', 'Admin+'],
  ['business.approve', '✗', '✗', '✗', 'Support+'],
  ['business.set_verification', '✗', '✗', '✗', 'Admin+'],
  ['business.delete', '✗', '✗', '✗', 'Admin+'],
];

// Copied from admin.md ADM-003 (rows naming two powers are split), with ERRATA 8 applied.
// action, super admin, admin, support staff
const ADM_003: [StaffAction, Mark, Mark, Mark][] = [
  ['staff.dashboard.view', '✓', '✓', '✓'],
  ['staff.analytics.export', '✓', '✓', '✗'],
  ['staff.approval.view', '✓', '✓', '✓'],
  ['staff.approval.decide', '✓', '✓', '✓'],
  ['staff.businesses.edit_content', '✓', '✓', '✓'],
  ['staff.businesses.rollback', '✓', '✓', '✓'],
  ['staff.businesses.set_verification', '✓', '✓', '✗'],
  ['staff.businesses.mark_out_of_business', '✓', '✓', '✗'],
  ['staff.businesses.suspend', '✓', '✓', '✗'],
  ['staff.businesses.delete', '✓', '✓', '✗'],
  ['staff.businesses.manage_users', '✓', '✓', '✗'],
  ['staff.businesses.export', '✓', '✓', '✗'],
  ['staff.users.view', '✓', '✓', '✓'],
  ['staff.users.unlock', '✓', '✓', '✓'],
  ['staff.users.suspend', '✓', '✓', '✗'],
  ['staff.users.delete', '✓', '✓', '✗'],
  ['staff.users.set_verification', '✓', '✓', '✗'],
  ['staff.users.change_phone', '✓', '✓', '✗'],
  ['staff.users.export', '✓', '✓', '✗'],
  ['staff.money.view', '✓', '✓', '✓'],
  ['staff.money.export', '✓', '✓', '✗'],
  ['staff.money.resolve_payment', '✓', '✓', '✗'],
  ['staff.money.manage_refunds', '✓', '✓', '✗'],
  ['staff.money.manage_discounts', '✓', '✓', '✗'],
  ['staff.services.adjust', '✓', '✓', '✗'],
  ['staff.services.premium_review', '✓', '✓', '✗'],
  ['staff.services.send_reminder', '✓', '✓', '✓'],
  ['staff.logs.view', '✓', '✓', '✓'],
  ['staff.logs.export', '✓', '✓', '✗'],
  ['staff.categories.manage', '✓', '✓', '✗'],
  ['staff.regions.manage', '✓', '✗', '✗'],
  ['staff.fees.manage', '✓', '✗', '✗'],
  ['staff.system.view_config', '✓', '✗', '✗'],
  ['staff.system.config', '✓', '✗', '✗'],
  ['staff.system.publish_terms', '✓', '✗', '✗'],
  ['staff.system.templates', '✓', '✗', '✗'],
  ['staff.system.staff_accounts', '✓', '✗', '✗'],
  ['staff.notifications.send_marketing', '✓', '✓', '✗'],
  ['staff.notifications.send_service_one', '✓', '✓', '✗'],
  ['staff.notifications.send_service_all', '✓', '✗', '✗'],
  ['staff.notifications.view', '✓', '✓', '✓'],
];

const user: Actor = { userId: 'u-member', staffRole: null };
const staff = (role: StaffRole): Actor => ({ userId: 'u-staff', staffRole: role });
const business = (actorRole: BusinessRole | null): BusinessResource => ({
  kind: 'business',
  businessId: 'b-1',
  actorRole,
});

describe('ROLE-05 business matrix', () => {
  it('covers every business action exactly once', () => {
    expect(ROLE_05.map(([action]) => action).sort()).toEqual([...BUSINESS_ACTIONS].sort());
  });

  const memberCases = ROLE_05.flatMap(([action, owner, admin, employee]) => [
    { action, role: 'owner' as const, expected: owner === '✓' },
    { action, role: 'admin' as const, expected: admin === '✓' },
    { action, role: 'employee' as const, expected: employee === '✓' },
    { action, role: null, expected: false },
  ]);
  it.each(memberCases)('$action by business role $role → $expected', ({ action, role, expected }) => {
    expect(can(user, action, business(role))).toBe(expected);
  });

  const staffCases = ROLE_05.flatMap(([action, , , , column]) =>
    STAFF_ROLES.map((role) => ({ action, role, expected: STAFF_COLUMN[column].includes(role) })),
  );
  it.each(staffCases)('$action by staff $role (not a member) → $expected', ({ action, role, expected }) => {
    expect(can(staff(role), action, business(null))).toBe(expected);
  });

  // A staff member signed in by OTP carries no staff role (LGN-05), so only membership counts.
  it.each(ROLE_05)(
    '%s by a staff member outside a staff session follows the member columns',
    (action, owner, admin, employee) => {
      const otpSession: Actor = { userId: 'u-staff', staffRole: null };
      expect(can(otpSession, action, business(null))).toBe(false);
      expect(can(otpSession, action, business('owner'))).toBe(owner === '✓');
      expect(can(otpSession, action, business('admin'))).toBe(admin === '✓');
      expect(can(otpSession, action, business('employee'))).toBe(employee === '✓');
    },
  );

  it('adds staff powers to a member in a staff session', () => {
    const employeeAndStaffAdmin = staff('admin');
    expect(can(employeeAndStaffAdmin, 'business.delete_image', business('employee'))).toBe(true);
    expect(can(employeeAndStaffAdmin, 'business.leave', business('employee'))).toBe(true);
    expect(can(staff('support_staff'), 'business.pay', business('owner'))).toBe(true);
  });

  it('refuses a business action without its business', () => {
    const call = can as (actor: Actor, action: string, resource?: BusinessResource) => boolean;
    expect(call(staff('super_admin'), 'business.view_private')).toBe(false);
  });
});

describe('ADM-003 staff matrix', () => {
  it('covers every staff action exactly once', () => {
    expect(ADM_003.map(([action]) => action).sort()).toEqual([...STAFF_ACTIONS].sort());
  });

  const cases = ADM_003.flatMap(([action, superAdmin, admin, support]) => [
    { action, role: 'super_admin' as const, expected: superAdmin === '✓' },
    { action, role: 'admin' as const, expected: admin === '✓' },
    { action, role: 'support_staff' as const, expected: support === '✓' },
  ]);
  it.each(cases)('$action by $role → $expected', ({ action, role, expected }) => {
    expect(can(staff(role), action)).toBe(expected);
  });

  it.each(ADM_003)('%s is refused without a staff session, whatever business roles are held', (action) => {
    expect(can({ userId: 'u-1', staffRole: null }, action)).toBe(false);
  });
});

describe('TST-11 roles', () => {
  it('an employee edits content but cannot delete an image or pay', () => {
    expect(can(user, 'business.edit_content', business('employee'))).toBe(true);
    expect(can(user, 'business.delete_image', business('employee'))).toBe(false);
    expect(can(user, 'business.pay', business('employee'))).toBe(false);
  });

  it('a business admin adds an admin but not an owner', () => {
    expect(can(user, 'business.manage_admins', business('admin'))).toBe(true);
    expect(can(user, 'business.manage_owners', business('admin'))).toBe(false);
  });

  it('an owner may leave; the last-owner refusal is left to the database check', () => {
    expect(can(user, 'business.leave', business('owner'))).toBe(true);
  });
});

describe('TST-12 staff sessions', () => {
  it('a staff member signed in by OTP holds no staff powers', () => {
    const otpSession: Actor = { userId: 'u-staff', staffRole: null };
    expect(can(otpSession, 'staff.dashboard.view')).toBe(false);
    expect(can(otpSession, 'business.approve', business(null))).toBe(false);
  });

  it('support staff cannot suspend a business', () => {
    expect(can(staff('support_staff'), 'staff.businesses.suspend')).toBe(false);
    expect(can(staff('support_staff'), 'business.suspend', business(null))).toBe(false);
    expect(can(staff('admin'), 'business.suspend', business(null))).toBe(true);
  });
});

describe('roleRank', () => {
  it('orders owner above business admin above employee above no role', () => {
    expect(roleRank('owner')).toBeGreaterThan(roleRank('admin'));
    expect(roleRank('admin')).toBeGreaterThan(roleRank('employee'));
    expect(roleRank('employee')).toBeGreaterThan(roleRank(null));
  });
});

type RoleChangeCase = [BusinessRole | null, boolean, BusinessRole, BusinessRole, boolean, boolean];

// ROLE-07: actor role, actor is staff Admin+, target's current role, new role, is self, allowed
const ROLE_07: RoleChangeCase[] = [
  ['admin', false, 'employee', 'admin', false, true],
  ['admin', false, 'admin', 'employee', false, true],
  ['admin', false, 'admin', 'employee', true, true],
  ['admin', false, 'employee', 'owner', false, false],
  ['admin', false, 'owner', 'admin', false, false],
  ['admin', false, 'owner', 'employee', false, false],
  ['admin', false, 'admin', 'owner', true, false],
  ['owner', false, 'employee', 'owner', false, true],
  ['owner', false, 'admin', 'owner', false, true],
  ['owner', false, 'owner', 'admin', false, true],
  ['owner', false, 'owner', 'employee', true, true],
  ['owner', false, 'employee', 'admin', false, true],
  ['employee', false, 'employee', 'admin', true, false],
  ['employee', false, 'employee', 'admin', false, false],
  ['employee', false, 'admin', 'employee', false, false],
  [null, false, 'employee', 'admin', false, false],
  [null, true, 'owner', 'employee', false, true],
  [null, true, 'employee', 'owner', false, true],
  ['employee', true, 'owner', 'admin', false, true],
];

describe('canChangeMemberRole (ROLE-07)', () => {
  it.each(ROLE_07)(
    '%s (staff Admin+: %s) changes %s → %s (self: %s) → %s',
    (actorRole, actorIsStaffAdmin, targetCurrentRole, newRole, isSelf, expected) => {
      expect(canChangeMemberRole({ actorRole, actorIsStaffAdmin, targetCurrentRole, newRole, isSelf })).toBe(
        expected,
      );
    },
  );
});

type RemovalCase = [BusinessRole | null, boolean, BusinessRole, boolean, boolean];

// ROLE-08: actor role, actor is staff Admin+, target's role, is self, allowed
const ROLE_08: RemovalCase[] = [
  ['admin', false, 'employee', false, true],
  ['admin', false, 'admin', false, true],
  ['admin', false, 'owner', false, false],
  ['admin', false, 'admin', true, true],
  ['owner', false, 'owner', false, true],
  ['owner', false, 'admin', false, true],
  ['owner', false, 'employee', false, true],
  ['owner', false, 'owner', true, true],
  ['employee', false, 'employee', true, true],
  ['employee', false, 'employee', false, false],
  ['employee', false, 'admin', false, false],
  ['employee', false, 'owner', false, false],
  [null, false, 'employee', false, false],
  [null, false, 'employee', true, false],
  [null, true, 'owner', false, true],
  [null, true, 'employee', false, true],
];

describe('canRemoveMember (ROLE-08)', () => {
  it.each(ROLE_08)(
    '%s (staff Admin+: %s) removes %s (self: %s) → %s',
    (actorRole, actorIsStaffAdmin, targetRole, isSelf, expected) => {
      expect(canRemoveMember({ actorRole, actorIsStaffAdmin, targetRole, isSelf })).toBe(expected);
    },
  );
});
