/**
 * Directory notifications: what owners hear about their business's review and status (admin.md §12.3,
 * ADM-512; English SMS from ADM-515) and the two staff emails about the approval queue (ADM-121/122).
 * Kept apart from templates.ts only for size; templates.ts appends these to the one catalogue.
 */
import { everyChannelTemplate, type InAppNotice } from './template-notice.js';
import type { TemplateDefinition, TemplateLanguage } from './templates.js';

const OWNER = ['nickname', 'full_name', 'business_name'];

// ADM-502: the `account` category reaches owners on every channel and cannot be opted out of.
const ownerTemplate = (key: string, extra: string[], text: Record<TemplateLanguage, InAppNotice>) =>
  everyChannelTemplate(key, 'account', [...OWNER, ...extra], text);

export const DIRECTORY_TEMPLATES: TemplateDefinition[] = [
  ownerTemplate('business_submitted', [], {
    en: {
      sms: 'Tafuta: Thanks {nickname}! We are checking {business_name}. You will hear from us within 24 hours.',
      subject: 'We are checking {business_name}',
      title: 'Business submitted',
      body: 'Thank you for adding {business_name} to Tafuta. Our team is checking it now, and you will hear from us within 24 hours. You can keep editing it at tafuta.ke/config meanwhile.',
    },
    sw: {
      sms: 'Tafuta: Asante {nickname}! Tunakagua {business_name}. Utapata jibu letu ndani ya saa 24.',
      subject: 'Tunakagua {business_name}',
      title: 'Biashara imetumwa',
      body: 'Asante kwa kuongeza {business_name} kwenye Tafuta. Timu yetu inaikagua sasa, na utapata jibu letu ndani ya saa 24. Unaweza kuendelea kuihariri kwenye tafuta.ke/config.',
    },
  }),
  ownerTemplate('business_approved', [], {
    en: {
      sms: 'Tafuta: Good news! {business_name} is approved and can now be found on tafuta.ke.',
      subject: '{business_name} is approved',
      title: 'Business approved',
      body: 'Good news! {business_name} is approved and customers can now find it on tafuta.ke.',
    },
    sw: {
      sms: 'Tafuta: Habari njema! {business_name} imeidhinishwa na sasa inapatikana kwenye tafuta.ke.',
      subject: '{business_name} imeidhinishwa',
      title: 'Biashara imeidhinishwa',
      body: 'Habari njema! {business_name} imeidhinishwa na wateja sasa wanaweza kuipata kwenye tafuta.ke.',
    },
  }),
  ownerTemplate('business_rejected', ['reason'], {
    en: {
      sms: 'Tafuta: {business_name} was not approved yet: {reason}. Please fix it at tafuta.ke/config and we will check it again.',
      subject: '{business_name} needs changes before approval',
      title: 'Changes needed',
      body: '{business_name} was not approved yet: {reason}. Please fix it at tafuta.ke/config; as soon as you save, we will check it again.',
    },
    sw: {
      sms: 'Tafuta: {business_name} bado haijaidhinishwa: {reason}. Tafadhali rekebisha kwenye tafuta.ke/config nasi tutaikagua tena.',
      subject: '{business_name} inahitaji marekebisho',
      title: 'Marekebisho yanahitajika',
      body: '{business_name} bado haijaidhinishwa: {reason}. Tafadhali rekebisha kwenye tafuta.ke/config; ukihifadhi tu, tutaikagua tena.',
    },
  }),
  ownerTemplate('business_suspended', ['reason', 'support_phone'], {
    en: {
      sms: 'Tafuta: {business_name} is suspended and hidden: {reason}. Call {support_phone} for help.',
      subject: '{business_name} is suspended',
      title: 'Business suspended',
      body: '{business_name} is suspended and hidden from tafuta.ke: {reason}. Call us on {support_phone} for help.',
    },
    sw: {
      sms: 'Tafuta: {business_name} imesimamishwa na haionekani: {reason}. Piga simu {support_phone} kwa msaada.',
      subject: '{business_name} imesimamishwa',
      title: 'Biashara imesimamishwa',
      body: '{business_name} imesimamishwa na haionekani kwenye tafuta.ke: {reason}. Tupigie simu {support_phone} kwa msaada.',
    },
  }),
  ownerTemplate('business_reinstated', [], {
    en: {
      sms: 'Tafuta: {business_name} is active again.',
      subject: '{business_name} is active again',
      title: 'Business active again',
      body: 'The suspension of {business_name} has been lifted and it is back to how it was before.',
    },
    sw: {
      sms: 'Tafuta: {business_name} inatumika tena.',
      subject: '{business_name} inatumika tena',
      title: 'Biashara inatumika tena',
      body: 'Usimamishaji wa {business_name} umeondolewa na imerudi kama ilivyokuwa awali.',
    },
  }),
  ownerTemplate('business_out_of_business', ['reason'], {
    en: {
      sms: 'Tafuta: {business_name} is now marked closed and hidden from search: {reason}. Reopen it at tafuta.ke/config.',
      subject: '{business_name} is marked closed',
      title: 'Marked closed',
      body: 'Our team marked {business_name} as out of business, so it no longer shows in search: {reason}. If it is still trading, reopen it at tafuta.ke/config.',
    },
    sw: {
      sms: 'Tafuta: {business_name} imewekwa kama imefungwa na haionekani: {reason}. Ifungue tena kwenye tafuta.ke/config.',
      subject: '{business_name} imewekwa kama imefungwa',
      title: 'Imewekwa kama imefungwa',
      body: 'Timu yetu imeweka {business_name} kama imefungwa, kwa hiyo haionekani tena kwenye utafutaji: {reason}. Kama bado inafanya kazi, ifungue tena kwenye tafuta.ke/config.',
    },
  }),
  ownerTemplate('business_back_in_business', [], {
    en: {
      sms: 'Tafuta: {business_name} is open again and can be found on tafuta.ke.',
      subject: '{business_name} is open again',
      title: 'Open again',
      body: 'Our team marked {business_name} as open again, and customers can find it on tafuta.ke.',
    },
    sw: {
      sms: 'Tafuta: {business_name} imefunguliwa tena na inapatikana kwenye tafuta.ke.',
      subject: '{business_name} imefunguliwa tena',
      title: 'Imefunguliwa tena',
      body: 'Timu yetu imeweka {business_name} kama imefunguliwa tena, na wateja wanaweza kuipata kwenye tafuta.ke.',
    },
  }),
  ownerTemplate('business_deleted', ['support_phone'], {
    en: {
      sms: 'Tafuta: {business_name} has been removed from Tafuta. Questions? Call {support_phone}.',
      subject: '{business_name} has been removed from Tafuta',
      title: 'Business removed',
      body: '{business_name} has been removed from Tafuta and no longer appears anywhere on the site. Questions? Call us on {support_phone}.',
    },
    sw: {
      sms: 'Tafuta: {business_name} imeondolewa kwenye Tafuta. Maswali? Tupigie simu {support_phone}.',
      subject: '{business_name} imeondolewa kwenye Tafuta',
      title: 'Biashara imeondolewa',
      body: '{business_name} imeondolewa kwenye Tafuta na haionekani tena popote kwenye tovuti. Maswali? Tupigie simu {support_phone}.',
    },
  }),
  ownerTemplate('content_rolled_back', ['reason'], {
    en: {
      sms: 'Tafuta: Our team restored an earlier version of the {business_name} page. Reason: {reason}.',
      subject: 'An earlier version of {business_name} was restored',
      title: 'Earlier version restored',
      body: 'Our team restored an earlier version of the {business_name} page. Reason: {reason}. You can see every version at tafuta.ke/config.',
    },
    sw: {
      sms: 'Tafuta: Timu yetu imerudisha toleo la awali la ukurasa wa {business_name}. Sababu: {reason}.',
      subject: 'Toleo la awali la {business_name} limerudishwa',
      title: 'Toleo la awali limerudishwa',
      body: 'Timu yetu imerudisha toleo la awali la ukurasa wa {business_name}. Sababu: {reason}. Unaweza kuona matoleo yote kwenye tafuta.ke/config.',
    },
  }),
  ownerTemplate('subdomain_assigned', ['subdomain', 'website_url'], {
    en: {
      sms: 'Tafuta: The website of {business_name} now lives at {website_url}.',
      subject: 'The website of {business_name} has a new address',
      title: 'Website address set',
      body: 'The website of {business_name} now lives at {website_url} (name: {subdomain}). It can take a few minutes before it opens everywhere.',
    },
    sw: {
      sms: 'Tafuta: Tovuti ya {business_name} sasa inapatikana kwenye {website_url}.',
      subject: 'Tovuti ya {business_name} ina anwani mpya',
      title: 'Anwani ya tovuti imewekwa',
      body: 'Tovuti ya {business_name} sasa inapatikana kwenye {website_url} (jina: {subdomain}). Huenda ikachukua dakika chache kabla haijafunguka kila mahali.',
    },
  }),
  {
    // ADM-121: English only like every staff email (ADM-501); not sent when nothing waits.
    key: 'pending_digest',
    category: 'staff',
    variables: [
      'nickname',
      'full_name',
      'pending_count',
      'overdue_count',
      'oldest_age',
      'by_region',
      'changes_requested_count',
      'queue_url',
    ],
    channels: ['email'],
    text: {
      en: {
        emailSubject: 'Tafuta: {pending_count} businesses waiting for approval',
        emailText:
          'Hello {nickname},\n\nBusinesses awaiting review: {pending_count}\nOverdue (over 24 hours): {overdue_count}\nOldest waiting: {oldest_age}\nWaiting for their owner to make changes: {changes_requested_count}\n\nBy region:\n{by_region}\n\nOpen the queue: {queue_url}\n\nThe Tafuta team',
      },
      sw: {},
    },
  },
  {
    // ADM-122: Admin and Super Admin only, once per submission.
    key: 'pending_overdue',
    category: 'staff',
    variables: ['nickname', 'full_name', 'business_list', 'queue_url'],
    channels: ['email'],
    text: {
      en: {
        emailSubject: 'Tafuta: businesses overdue for approval',
        emailText:
          'Hello {nickname},\n\nThese businesses have now waited longer than the approval promise without a decision:\n\n{business_list}\n\nOpen the queue: {queue_url}\n\nThe Tafuta team',
      },
      sw: {},
    },
  },
];
