/**
 * Who may do what: the business-role matrix (auth-and-api.md ROLE-05) and the staff-role matrix
 * (admin.md ADM-003) as data, with ERRATA 8 applied (ADM-003 wins for staff). Route guards and the UI's
 * capability lists both read from here, so the spec tables have exactly one copy in code.
 */

export type BusinessRole = 'owner' | 'admin' | 'employee';
export type StaffRole = 'super_admin' | 'admin' | 'support_staff';

export interface Actor {
  userId: string;
  /** Set only in a staff session (AUTH-02, LGN-05); an OTP session of a staff member has null here. */
  staffRole: StaffRole | null;
}

export interface BusinessResource {
  kind: 'business';
  businessId: string;
  /** The actor's active role on this business, or null when they are not a member. */
  actorRole: BusinessRole | null;
}

const OWNER = ['owner'] as const satisfies readonly BusinessRole[];
const MANAGER = ['owner', 'admin'] as const satisfies readonly BusinessRole[];
const MEMBER = ['owner', 'admin', 'employee'] as const satisfies readonly BusinessRole[];
const NO_MEMBER: readonly BusinessRole[] = [];

const SUPPORT_PLUS = ['super_admin', 'admin', 'support_staff'] as const satisfies readonly StaffRole[];
const ADMIN_PLUS = ['super_admin', 'admin'] as const satisfies readonly StaffRole[];
const SUPER = ['super_admin'] as const satisfies readonly StaffRole[];
const NO_STAFF: readonly StaffRole[] = [];

interface BusinessRule {
  members: readonly BusinessRole[];
  staff: readonly StaffRole[];
}

/** ROLE-05, one row per line; the staff column as corrected by ERRATA 8. */
const BUSINESS_MATRIX = {
  'business.view_private': { members: MEMBER, staff: SUPPORT_PLUS },
  'business.edit_content': { members: MEMBER, staff: SUPPORT_PLUS },
  'business.upload_image': { members: MEMBER, staff: SUPPORT_PLUS },
  // ERRATA 8: deleting or replacing an image destroys the original, so it is Admin+ among staff.
  'business.delete_image': { members: MANAGER, staff: ADMIN_PLUS },
  // ERRATA 8: ADM-003 lets Support+ roll back (reason required, owners notified), not only Admin+.
  'business.rollback': { members: MANAGER, staff: SUPPORT_PLUS },
  'business.manage_ads': { members: MANAGER, staff: ADMIN_PLUS },
  'business.view_subscriptions': { members: MEMBER, staff: SUPPORT_PLUS },
  'business.view_transactions': { members: MANAGER, staff: SUPPORT_PLUS },
  // Staff-assisted payment has its own flow (payments.md); it never runs as a staff "pay".
  'business.pay': { members: OWNER, staff: NO_STAFF },
  'business.view_members': { members: MEMBER, staff: SUPPORT_PLUS },
  'business.manage_employees': { members: MANAGER, staff: ADMIN_PLUS },
  'business.manage_admins': { members: MANAGER, staff: ADMIN_PLUS },
  'business.manage_owners': { members: OWNER, staff: ADMIN_PLUS },
  // Staff are not members, so there is nothing for them to leave; the last-owner check needs the database.
  'business.leave': { members: MEMBER, staff: NO_STAFF },
  'business.set_subdomain': { members: OWNER, staff: ADMIN_PLUS },
  'business.change_tag': { members: OWNER, staff: ADMIN_PLUS },
  // Closing or reopening is the owner's decision; staff may only mark a business out of business.
  'business.deactivate': { members: OWNER, staff: NO_STAFF },
  'business.mark_out_of_business': { members: OWNER, staff: ADMIN_PLUS },
  'business.suspend': { members: NO_MEMBER, staff: ADMIN_PLUS },
  'business.approve': { members: NO_MEMBER, staff: SUPPORT_PLUS },
  'business.set_verification': { members: NO_MEMBER, staff: ADMIN_PLUS },
  'business.delete': { members: NO_MEMBER, staff: ADMIN_PLUS },
} as const satisfies Record<string, BusinessRule>;

export type BusinessAction = keyof typeof BUSINESS_MATRIX;

/** ADM-003, one row per line (a row naming two unrelated powers is split); ERRATA 8 applied. */
const STAFF_MATRIX = {
  'staff.dashboard.view': SUPPORT_PLUS,
  // ERRATA 8: all exports are Admin+, so the analytics export leaves the dashboard row.
  'staff.analytics.export': ADMIN_PLUS,
  'staff.approval.view': SUPPORT_PLUS,
  'staff.approval.decide': SUPPORT_PLUS,
  'staff.businesses.edit_content': SUPPORT_PLUS,
  'staff.businesses.rollback': SUPPORT_PLUS,
  'staff.businesses.set_verification': ADMIN_PLUS,
  'staff.businesses.mark_out_of_business': ADMIN_PLUS,
  'staff.businesses.suspend': ADMIN_PLUS,
  'staff.businesses.delete': ADMIN_PLUS,
  'staff.businesses.manage_users': ADMIN_PLUS,
  'staff.businesses.export': ADMIN_PLUS,
  'staff.users.view': SUPPORT_PLUS,
  'staff.users.unlock': SUPPORT_PLUS,
  'staff.users.suspend': ADMIN_PLUS,
  'staff.users.delete': ADMIN_PLUS,
  'staff.users.set_verification': ADMIN_PLUS,
  'staff.users.change_phone': ADMIN_PLUS,
  'staff.users.export': ADMIN_PLUS,
  'staff.money.view': SUPPORT_PLUS,
  'staff.money.export': ADMIN_PLUS,
  'staff.money.resolve_payment': ADMIN_PLUS,
  'staff.money.manage_refunds': ADMIN_PLUS,
  'staff.money.manage_discounts': ADMIN_PLUS,
  'staff.services.adjust': ADMIN_PLUS,
  'staff.services.premium_review': ADMIN_PLUS,
  'staff.services.send_reminder': SUPPORT_PLUS,
  'staff.logs.view': SUPPORT_PLUS,
  'staff.logs.export': ADMIN_PLUS,
  'staff.categories.manage': ADMIN_PLUS,
  'staff.regions.manage': SUPER,
  'staff.fees.manage': SUPER,
  'staff.system.view_config': SUPER,
  'staff.system.config': SUPER,
  'staff.system.publish_terms': SUPER,
  'staff.system.templates': SUPER,
  'staff.system.staff_accounts': SUPER,
  'staff.notifications.send_marketing': ADMIN_PLUS,
  'staff.notifications.send_service_one': ADMIN_PLUS,
  'staff.notifications.send_service_all': SUPER,
  'staff.notifications.view': SUPPORT_PLUS,
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffAction = keyof typeof STAFF_MATRIX;

export const BUSINESS_ACTIONS = Object.keys(BUSINESS_MATRIX) as BusinessAction[];
export const STAFF_ACTIONS = Object.keys(STAFF_MATRIX) as StaffAction[];

function isBusinessAction(action: string): action is BusinessAction {
  return Object.hasOwn(BUSINESS_MATRIX, action);
}

export function can(actor: Actor, action: BusinessAction, resource: BusinessResource): boolean;
export function can(actor: Actor, action: StaffAction): boolean;
export function can(
  actor: Actor,
  action: BusinessAction | StaffAction,
  resource?: BusinessResource,
): boolean {
  if (isBusinessAction(action)) {
    // A business action without its business is a programming error; refusing is the safe answer.
    if (!resource) return false;
    const rule: BusinessRule = BUSINESS_MATRIX[action];
    if (resource.actorRole !== null && rule.members.includes(resource.actorRole)) return true;
    return actor.staffRole !== null && rule.staff.includes(actor.staffRole);
  }
  const allowed: readonly StaffRole[] = STAFF_MATRIX[action];
  return actor.staffRole !== null && allowed.includes(actor.staffRole);
}

const BUSINESS_ROLE_RANK: Record<BusinessRole, number> = { employee: 1, admin: 2, owner: 3 };

/** Orders business roles for display and comparison; 0 for "not a member". */
export function roleRank(role: BusinessRole | null): number {
  return role === null ? 0 : BUSINESS_ROLE_RANK[role];
}

export interface MemberRoleChange {
  actorRole: BusinessRole | null;
  /** Staff Admin+ in a staff session (EP-BIZ-12 "Admin+"); the caller derives it from `can`. */
  actorIsStaffAdmin: boolean;
  targetCurrentRole: BusinessRole;
  newRole: BusinessRole;
  isSelf: boolean;
}

/**
 * ROLE-07. Self-changes follow the same rules (a business admin may step down to employee), so
 * `isSelf` does not change the answer; "nobody may demote the last owner" needs the database and is
 * checked by the caller.
 */
export function canChangeMemberRole(change: MemberRoleChange): boolean {
  if (change.actorIsStaffAdmin) return true;
  if (change.actorRole === 'owner') return true;
  if (change.actorRole === 'admin') {
    return change.targetCurrentRole !== 'owner' && change.newRole !== 'owner';
  }
  return false;
}

export interface MemberRemoval {
  actorRole: BusinessRole | null;
  actorIsStaffAdmin: boolean;
  targetRole: BusinessRole;
  isSelf: boolean;
}

/** ROLE-08. The last-owner refusal (`409 LAST_OWNER`) needs the database and is checked by the caller. */
export function canRemoveMember(removal: MemberRemoval): boolean {
  if (removal.actorIsStaffAdmin) return true;
  if (removal.actorRole === null) return false;
  if (removal.isSelf) return true;
  if (removal.actorRole === 'owner') return true;
  if (removal.actorRole === 'admin') return removal.targetRole !== 'owner';
  return false;
}
