import {
  Clock3,
  Globe,
  Images,
  LayoutDashboard,
  ReceiptText,
  Settings,
  ShoppingBag,
  Store,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { can, type DashboardAction } from '../../lib/config/roles';
import type { BusinessRole } from '../../lib/config/types';

/**
 * The screens of one business, in navigation order, each with the UI-DASH-03 action that opens it
 * (none: everyone in the business). The side navigation and the overview tiles both read this list, so
 * a role never sees a link in one place that the other hides.
 */
export type SectionKey =
  | 'overview'
  | 'profile'
  | 'photos'
  | 'website'
  | 'services'
  | 'transactions'
  | 'history'
  | 'team'
  | 'settings';

export interface BusinessSection {
  key: SectionKey;
  /** Below `/config/business/:id`; '' is the overview. */
  path: string;
  icon: LucideIcon;
  action?: DashboardAction;
}

const SECTIONS: readonly BusinessSection[] = [
  { key: 'overview', path: '', icon: LayoutDashboard },
  { key: 'profile', path: 'profile', icon: Store, action: 'profile.edit' },
  { key: 'photos', path: 'photos', icon: Images, action: 'photos.upload' },
  { key: 'website', path: 'website', icon: Globe, action: 'website.edit' },
  { key: 'services', path: 'services', icon: ShoppingBag, action: 'services.view' },
  { key: 'transactions', path: 'transactions', icon: ReceiptText, action: 'transactions.view' },
  { key: 'history', path: 'history', icon: Clock3, action: 'history.view' },
  { key: 'team', path: 'users', icon: Users, action: 'team.view' },
  { key: 'settings', path: 'settings', icon: Settings, action: 'settings.edit' },
];

export function sectionsFor(role: BusinessRole | null | undefined): BusinessSection[] {
  return SECTIONS.filter((section) => !section.action || can(role, section.action));
}

export function sectionPath(businessId: string, section: Pick<BusinessSection, 'path'>): string {
  return `/config/business/${businessId}${section.path ? `/${section.path}` : ''}`;
}
