/**
 * The notification catalogue (admin.md §12.2–12.3) as data. A migration seeds `notification_templates`
 * from it (ADM-505) and staff edit the stored copies; this file stays the source of each key's category,
 * channels and allowed variables. Kiswahili is written here so launch does not wait on typed-in text.
 */

import type { Language } from '@tafuta/contracts';
import { EVERY_CHANNEL, notice } from './template-notice.js';
import { DIRECTORY_TEMPLATES } from './templates-directory.js';
import { PAYMENT_TEMPLATES } from './templates-payments.js';

export type TemplateCategory = 'security' | 'account' | 'transactional' | 'service' | 'marketing' | 'staff';
export type TemplateChannel = 'sms' | 'email' | 'in_app';
/** Languages with written text; any other language falls back to English when rendering (ADM-501). */
export type TemplateLanguage = 'en' | 'sw';
/** Kikamba and Kikuyu have text only where staff wrote a stored template row for them (ADM-505). */
export type StaffOnlyLanguage = Exclude<Language, TemplateLanguage>;

export interface TemplateTexts {
  sms?: string;
  emailSubject?: string;
  emailText?: string;
  inApp?: { title: string; body: string };
}

export interface TemplateDefinition {
  key: string;
  category: TemplateCategory;
  /** ADM-507 names a template may use; `full_name` rides along wherever `{nickname}` may fall back to it. */
  variables: string[];
  channels: TemplateChannel[];
  text: Record<TemplateLanguage, TemplateTexts> & Partial<Record<StaffOnlyLanguage, TemplateTexts>>;
}

const USER = ['nickname', 'full_name'];
const USER_WITH_SUPPORT = [...USER, 'support_phone'];
const MEMBER = [...USER, 'business_name', 'role'];
// ADM-502: in-app only where the user can still sign in to read it.
const NO_IN_APP: TemplateChannel[] = ['sms', 'email'];

export const NOTIFICATION_TEMPLATES: TemplateDefinition[] = [
  {
    // OTP-09: the code, its 10 minutes and a warning; the last line lets Android fill the code in (WebOTP).
    key: 'otp_code',
    category: 'security',
    variables: ['code'],
    channels: ['sms'],
    text: {
      en: {
        sms: 'Tafuta: Your code is {code}. It is valid for 10 minutes. Never share this code with anyone, not even Tafuta staff.\n@tafuta.ke #{code}',
      },
      sw: {
        sms: 'Tafuta: Nambari yako ya kuthibitisha ni {code}. Itatumika kwa dakika 10. Usimpe mtu yeyote nambari hii, hata mfanyakazi wa Tafuta.\n@tafuta.ke #{code}',
      },
    },
  },
  {
    key: 'password_changed',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your password was changed and your other devices were signed out. Not you? Call {support_phone} now.',
        subject: 'Your Tafuta password was changed',
        title: 'Password changed',
        body: 'The password on your Tafuta account was changed, and your other devices were signed out. If this was not you, call us on {support_phone} straight away.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Nenosiri lako limebadilishwa na vifaa vyako vingine vimetolewa kwenye akaunti. Si wewe? Tupigie simu {support_phone} sasa.',
        subject: 'Nenosiri lako la Tafuta limebadilishwa',
        title: 'Nenosiri limebadilishwa',
        body: 'Nenosiri la akaunti yako ya Tafuta limebadilishwa, na vifaa vyako vingine vimetolewa kwenye akaunti. Kama si wewe, tupigie simu {support_phone} mara moja.',
      }),
    },
  },
  {
    key: 'password_set',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: A password was added to your account and your other devices were signed out. Not you? Call {support_phone} now.',
        subject: 'A password was added to your Tafuta account',
        title: 'Password added',
        body: 'A password was added to your Tafuta account, and your other devices were signed out. You can still sign in with an SMS code. If this was not you, call us on {support_phone} straight away.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Nenosiri limewekwa kwenye akaunti yako na vifaa vingine vimetolewa. Si wewe? Tupigie simu {support_phone} sasa.',
        subject: 'Nenosiri limewekwa kwenye akaunti yako ya Tafuta',
        title: 'Nenosiri limewekwa',
        body: 'Nenosiri limewekwa kwenye akaunti yako ya Tafuta, na vifaa vyako vingine vimetolewa kwenye akaunti. Bado unaweza kuingia kwa nambari ya SMS. Kama si wewe, tupigie simu {support_phone} mara moja.',
      }),
    },
  },
  {
    key: 'password_reset',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your password was reset and your other devices were signed out. Not you? Call {support_phone} now.',
        subject: 'Your Tafuta password was reset',
        title: 'Password reset',
        body: 'The password on your Tafuta account was reset with a code sent to your phone, and your other devices were signed out. If this was not you, call us on {support_phone} straight away.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Nenosiri lako limewekwa upya na vifaa vyako vingine vimetolewa. Si wewe? Tupigie simu {support_phone} sasa.',
        subject: 'Nenosiri lako la Tafuta limewekwa upya',
        title: 'Nenosiri limewekwa upya',
        body: 'Nenosiri la akaunti yako ya Tafuta limewekwa upya kwa nambari iliyotumwa kwa simu yako, na vifaa vyako vingine vimetolewa kwenye akaunti. Kama si wewe, tupigie simu {support_phone} mara moja.',
      }),
    },
  },
  {
    key: 'logout_all',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: You were signed out of Tafuta on all your devices. Not you? Call {support_phone}.',
        subject: 'You were signed out of Tafuta on all devices',
        title: 'Signed out everywhere',
        body: 'Your Tafuta account was signed out on all your devices. Sign in again with an SMS code when you need it. If this was not you, call us on {support_phone}.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Umetolewa kwenye Tafuta katika vifaa vyako vyote. Si wewe? Tupigie simu {support_phone}.',
        subject: 'Umetolewa kwenye Tafuta katika vifaa vyote',
        title: 'Umetolewa kila mahali',
        body: 'Akaunti yako ya Tafuta imetolewa katika vifaa vyako vyote. Ingia tena kwa nambari ya SMS unapohitaji. Kama si wewe, tupigie simu {support_phone}.',
      }),
    },
  },
  {
    // LCK-02/03: both locks last 24 hours, and sessions already open keep working (LCK-04).
    key: 'account_locked',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: After too many failed attempts, sign-in to your account is blocked for 24 hours. Not you? Call {support_phone}.',
        subject: 'Sign-in to your Tafuta account is blocked',
        title: 'Sign-in blocked',
        body: 'After too many failed sign-in attempts, signing in to your Tafuta account is blocked for 24 hours. Devices where you are already signed in keep working. If this was not you, call us on {support_phone}.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Kuingia kwenye akaunti yako kumezuiwa kwa saa 24 baada ya majaribio mengi yasiyofaulu. Si wewe? Tupigie simu {support_phone}.',
        subject: 'Kuingia kwenye akaunti yako ya Tafuta kumezuiwa',
        title: 'Kuingia kumezuiwa',
        body: 'Baada ya majaribio mengi yasiyofaulu, kuingia kwenye akaunti yako ya Tafuta kumezuiwa kwa saa 24. Vifaa ambavyo tayari umeingia vitaendelea kufanya kazi. Kama si wewe, tupigie simu {support_phone}.',
      }),
    },
  },
  {
    key: 'account_suspended',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...NO_IN_APP],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your account is suspended. Please call {support_phone}.',
        subject: 'Your Tafuta account is suspended',
        body: 'Your Tafuta account has been suspended, and you cannot sign in for now. Your businesses keep their own status. Please call us on {support_phone}.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Akaunti yako imesimamishwa. Tafadhali tupigie simu {support_phone}.',
        subject: 'Akaunti yako ya Tafuta imesimamishwa',
        body: 'Akaunti yako ya Tafuta imesimamishwa, na kwa sasa huwezi kuingia. Biashara zako zinabaki na hali yake. Tafadhali tupigie simu {support_phone}.',
      }),
    },
  },
  {
    key: 'account_reinstated',
    category: 'security',
    variables: [...USER],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your account is active again. Sign in at tafuta.ke.',
        subject: 'Your Tafuta account is active again',
        title: 'Account active again',
        body: 'Your Tafuta account is active again. You can sign in at tafuta.ke as usual.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Akaunti yako inatumika tena. Ingia kwenye tafuta.ke.',
        subject: 'Akaunti yako ya Tafuta inatumika tena',
        title: 'Akaunti inatumika tena',
        body: 'Akaunti yako ya Tafuta inatumika tena. Unaweza kuingia kwenye tafuta.ke kama kawaida.',
      }),
    },
  },
  {
    // ADM-204: sent before anonymising, which is why it can still reach the phone and email.
    key: 'account_deleted',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...NO_IN_APP],
    text: {
      en: notice('en', {
        sms: 'Tafuta: As you asked, your account is being deleted and your personal details removed. Questions? Call {support_phone}.',
        subject: 'Your Tafuta account is being deleted',
        body: 'As you asked at our office, your Tafuta account is being deleted. Your name, phone number, email and photo will be removed, and this cannot be undone. Payment records are kept as the law requires. Questions? Call us on {support_phone}.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Kama ulivyoomba, akaunti yako inafutwa na taarifa zako binafsi zinaondolewa. Maswali? Tupigie simu {support_phone}.',
        subject: 'Akaunti yako ya Tafuta inafutwa',
        body: 'Kama ulivyoomba kwenye ofisi yetu, akaunti yako ya Tafuta inafutwa. Jina lako, nambari ya simu, barua pepe na picha vitaondolewa, na hatua hii haiwezi kubatilishwa. Kumbukumbu za malipo zinahifadhiwa kama sheria inavyotaka. Maswali? Tupigie simu {support_phone}.',
      }),
    },
  },
  {
    // ACC-11: goes to both the old and the new number.
    key: 'phone_changed',
    category: 'security',
    variables: [...USER_WITH_SUPPORT],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: The phone number on your account was changed by our staff. Not you? Call {support_phone}.',
        subject: 'The phone number on your Tafuta account was changed',
        title: 'Phone number changed',
        body: 'Our staff changed the phone number on your Tafuta account, and all your devices were signed out. Sign in again with the new number. If you did not ask for this, call us on {support_phone}.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Nambari ya simu kwenye akaunti yako imebadilishwa na wafanyakazi wetu. Si wewe? Tupigie simu {support_phone}.',
        subject: 'Nambari ya simu kwenye akaunti yako ya Tafuta imebadilishwa',
        title: 'Nambari ya simu imebadilishwa',
        body: 'Wafanyakazi wetu wamebadilisha nambari ya simu kwenye akaunti yako ya Tafuta, na vifaa vyako vyote vimetolewa kwenye akaunti. Ingia tena kwa nambari mpya. Kama hukuomba mabadiliko haya, tupigie simu {support_phone}.',
      }),
    },
  },
  {
    // ACC-01: a deactivated user can still sign in (restricted session), so in-app still reaches them.
    key: 'account_deactivated',
    category: 'security',
    variables: [...USER],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your account is deactivated. Sign in at tafuta.ke any time to turn it back on.',
        subject: 'Your Tafuta account is deactivated',
        title: 'Account deactivated',
        body: 'Your Tafuta account is deactivated and you were signed out everywhere. Your businesses and paid services are not changed. Sign in at tafuta.ke any time to turn your account back on.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Akaunti yako imezimwa. Ingia kwenye tafuta.ke wakati wowote ili kuiwasha tena.',
        subject: 'Akaunti yako ya Tafuta imezimwa',
        title: 'Akaunti imezimwa',
        body: 'Akaunti yako ya Tafuta imezimwa na umetolewa kwenye vifaa vyote. Biashara zako na huduma ulizolipia hazijabadilika. Ingia kwenye tafuta.ke wakati wowote ili kuiwasha tena.',
      }),
    },
  },
  {
    // `{role}` is the localised role name; all three Kiswahili names (mmiliki, msimamizi, mfanyakazi)
    // take "wa", so one sentence fits every role.
    key: 'business_role_changed',
    category: 'account',
    variables: [...MEMBER],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: Your role at {business_name} is now {role}. See tafuta.ke/config for details.',
        subject: 'Your role at {business_name} has changed',
        title: 'Role changed',
        body: 'Your role at {business_name} on Tafuta is now {role}. Open tafuta.ke/config to see what you can do.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Sasa wewe ni {role} wa {business_name}. Maelezo zaidi: tafuta.ke/config.',
        subject: 'Nafasi yako katika {business_name} imebadilika',
        title: 'Nafasi imebadilika',
        body: 'Nafasi yako imebadilishwa: sasa wewe ni {role} wa {business_name} kwenye Tafuta. Fungua tafuta.ke/config kuona unachoweza kufanya.',
      }),
    },
  },
  {
    // ROLE-06: the added user gets an SMS and an in-app notice.
    key: 'member_added',
    category: 'account',
    variables: [...MEMBER],
    channels: [...EVERY_CHANNEL],
    text: {
      en: notice('en', {
        sms: 'Tafuta: You were added to {business_name} as {role}. See it at tafuta.ke/config.',
        subject: 'You were added to {business_name}',
        title: 'Added to a business',
        body: 'You were added to {business_name} on Tafuta as {role}. Open tafuta.ke/config to see the business.',
      }),
      sw: notice('sw', {
        sms: 'Tafuta: Umeongezwa kama {role} wa {business_name}. Ione kwenye tafuta.ke/config.',
        subject: 'Umeongezwa kwenye {business_name}',
        title: 'Umeongezwa kwenye biashara',
        body: 'Umeongezwa kama {role} wa {business_name} kwenye Tafuta. Fungua tafuta.ke/config kuona biashara hiyo.',
      }),
    },
  },
  {
    // ADM-037 (ERRATA 7): English only, like every staff email (ADM-501); the link works once, for an hour.
    key: 'staff_password_reset',
    category: 'staff',
    variables: [...USER, 'reset_url'],
    channels: ['email'],
    text: {
      en: {
        emailSubject: 'Reset your Tafuta staff password',
        emailText:
          'Hello {nickname},\n\nSomeone asked to reset the password of your Tafuta staff account. To choose a new password, open this link within one hour:\n\n{reset_url}\n\nThe link works once. If you did not ask for this, ignore this email; your password stays as it is.\n\nThe Tafuta team',
      },
      sw: {},
    },
  },
  {
    // ADM-033: every lock of a staff account reaches the super admins.
    key: 'staff_account_locked',
    category: 'staff',
    variables: [...USER, 'staff_email', 'locked_until'],
    channels: ['email'],
    text: {
      en: {
        emailSubject: 'A Tafuta staff account was locked',
        emailText:
          'Hello {nickname},\n\nThe staff account {staff_email} was locked until {locked_until} (EAT) after five failed sign-ins in a row. If this was not the account holder, check the auth log for the addresses involved.\n\nThe Tafuta team',
      },
      sw: {},
    },
  },
  {
    // ADM-024: the invitation to a new staff account; the link works once, for 48 hours.
    key: 'staff_invite',
    category: 'staff',
    variables: [...USER, 'set_password_url', 'staff_role'],
    channels: ['email'],
    text: {
      en: {
        emailSubject: 'Your Tafuta staff account',
        emailText:
          'Hello {nickname},\n\nA Tafuta staff account ({staff_role}) was created for you. To choose your password, open this link within 48 hours:\n\n{set_password_url}\n\nThe link works once. The password needs at least 12 characters with an upper-case letter, a digit and a special character. If you did not expect this email, tell the Tafuta team.\n\nThe Tafuta team',
      },
      sw: {},
    },
  },
  ...DIRECTORY_TEMPLATES,
  ...PAYMENT_TEMPLATES,
];
