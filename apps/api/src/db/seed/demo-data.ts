import type { Language } from '@tafuta/contracts';

/** Owners of the demo directory in Machakos and Kisumu (their businesses: demo-businesses.ts). */
export const DEMO_USERS: {
  full_name: string;
  nickname: string | null;
  phone: string;
  language_preference: Language;
}[] = [
  { full_name: 'Mwende Mutua', nickname: 'Mwende', phone: '+254700100201', language_preference: 'kam' },
  { full_name: 'Daniel Kioko', nickname: null, phone: '+254700100202', language_preference: 'sw' },
  { full_name: 'Faith Nduku Musyoka', nickname: 'Faith', phone: '+254700100203', language_preference: 'en' },
  { full_name: 'Otieno Odhiambo', nickname: 'Otis', phone: '+254700100204', language_preference: 'en' },
  { full_name: 'Akinyi Atieno', nickname: null, phone: '+254700100205', language_preference: 'sw' },
  { full_name: 'Wanjiru Kamau', nickname: 'Wanjiru', phone: '+254700100206', language_preference: 'ki' },
];

/** admin@demo.tafuta.local: the demo super admin (embedded default only). */
export const DEMO_ADMIN = {
  loginEmail: 'admin@demo.tafuta.local',
  user: {
    full_name: 'Demo Admin',
    nickname: 'Admin',
    phone: '+254700100200',
    email: 'admin@demo.tafuta.local',
    language_preference: 'en' as Language,
  },
};

/** The support line named in the demo's security messages (the real one is set before launch). */
export const DEMO_SUPPORT_PHONE = '0700 100 100';
