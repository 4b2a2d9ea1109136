import {
  Apple,
  Bed,
  Church,
  GraduationCap,
  Hammer,
  Monitor,
  Music,
  Pill,
  Scissors,
  ShoppingBag,
  Smartphone,
  Stethoscope,
  Store,
  Utensils,
  Wrench,
  type LucideIcon,
} from 'lucide-react';

/** UI-DS-07: staff pick an `icon` key per category; only these are bundled (each imported alone). */
const ICONS: Record<string, LucideIcon> = {
  apple: Apple,
  bed: Bed,
  church: Church,
  'graduation-cap': GraduationCap,
  hammer: Hammer,
  monitor: Monitor,
  music: Music,
  pill: Pill,
  scissors: Scissors,
  'shopping-bag': ShoppingBag,
  smartphone: Smartphone,
  stethoscope: Stethoscope,
  store: Store,
  utensils: Utensils,
  wrench: Wrench,
};

export function CategoryIcon({ icon, size = 24 }: { icon: string | null; size?: number }) {
  const Icon = (icon && ICONS[icon]) || Store;
  return <Icon size={size} aria-hidden="true" />;
}
