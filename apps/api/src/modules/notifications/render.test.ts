import { describe, expect, it } from 'vitest';
import {
  GSM7_EXTENSION,
  TemplateVariableError,
  isGsm7,
  maskOtp,
  renderTemplate,
  validateTemplateBody,
} from './render.js';
import { NOTIFICATION_TEMPLATES, type TemplateDefinition, type TemplateLanguage } from './templates.js';

/** SMS segments as a handset counts them: GSM-7 160/153 (extension characters take two), else 70/67. */
function segments(text: string): number {
  if (isGsm7(text)) {
    const length = [...text].reduce(
      (sum, character) => sum + (GSM7_EXTENSION.includes(character) ? 2 : 1),
      0,
    );
    return length <= 160 ? 1 : Math.ceil(length / 153);
  }
  const length = text.length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

function template(key: string): TemplateDefinition {
  const found = NOTIFICATION_TEMPLATES.find((definition) => definition.key === key);
  if (!found) throw new Error(`no template ${key}`);
  return found;
}

// Realistic, slightly long values, so a pass here means a pass for most real recipients.
const SAMPLE: Record<string, string> = {
  code: '123456',
  nickname: 'Wanjiku',
  full_name: 'Wanjiku Njeri Kamau',
  support_phone: '0712 345 678',
  business_name: 'Mama Njeri Hardware & Electricals',
  role: 'business admin',
};

function sampleFor(definition: TemplateDefinition): Record<string, string> {
  return Object.fromEntries(definition.variables.map((name) => [name, SAMPLE[name] ?? `sample ${name}`]));
}

const LANGUAGES: TemplateLanguage[] = ['en', 'sw'];

describe('the catalogue', () => {
  it.each([
    'otp_code',
    'password_changed',
    'password_set',
    'password_reset',
    'logout_all',
    'account_locked',
    'account_suspended',
    'account_reinstated',
    'account_deleted',
    'phone_changed',
    'account_deactivated',
    'business_role_changed',
    'member_added',
  ])('has %s with English and Kiswahili text for every channel', (key) => {
    const definition = template(key);
    for (const language of LANGUAGES) {
      for (const channel of definition.channels) {
        expect(renderTemplate(definition, channel, language, sampleFor(definition)).language).toBe(language);
      }
    }
  });

  it('has each key once', () => {
    const keys = NOTIFICATION_TEMPLATES.map((definition) => definition.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses only allowed variables in every text', () => {
    for (const definition of NOTIFICATION_TEMPLATES) {
      for (const texts of Object.values(definition.text)) {
        const all = [texts.sms, texts.emailSubject, texts.emailText, texts.inApp?.title, texts.inApp?.body];
        for (const text of all) {
          if (text !== undefined) expect(validateTemplateBody(text, definition.variables)).toEqual([]);
        }
      }
    }
  });

  it('keeps {code} to the OTP template (ADM-507)', () => {
    const withCode = NOTIFICATION_TEMPLATES.filter((definition) => definition.variables.includes('code'));
    expect(withCode.map((definition) => definition.key)).toEqual(['otp_code']);
  });
});

describe('every template renders in en and sw', () => {
  const cases = NOTIFICATION_TEMPLATES.flatMap((definition) =>
    LANGUAGES.flatMap((language) =>
      definition.channels.map((channel) => ({ definition, language, channel })),
    ),
  );

  it.each(cases)('$definition.key $channel $language', ({ definition, language, channel }) => {
    const message = renderTemplate(definition, channel, language, sampleFor(definition));
    const visible = [message.text, message.subject, message.title, message.body].filter(Boolean).join('\n');
    expect(visible).not.toMatch(/\{[A-Za-z_]+\}/);
    if (channel === 'sms') expect(message.text.startsWith('Tafuta:')).toBe(true);
    if (channel === 'email') {
      expect(message.subject).toBeTruthy();
      expect(message.html).toContain('<!doctype html>');
    }
    if (channel === 'in_app') expect(message.title).toBeTruthy();
  });
});

describe('SMS length (ADM-508)', () => {
  const smsCases = NOTIFICATION_TEMPLATES.filter((definition) => definition.channels.includes('sms')).flatMap(
    (definition) => LANGUAGES.map((language) => ({ definition, language })),
  );

  it.each(smsCases)('$definition.key $language fits within 2 segments', ({ definition, language }) => {
    const { text } = renderTemplate(definition, 'sms', language, sampleFor(definition));
    expect(segments(text)).toBeLessThanOrEqual(2);
  });

  it.each(LANGUAGES)('the OTP SMS fits one segment in %s', (language) => {
    const { text } = renderTemplate(template('otp_code'), 'sms', language, { code: '123456' });
    expect(isGsm7(text)).toBe(true);
    expect(segments(text)).toBe(1);
  });

  it.each(LANGUAGES)('every security SMS fits one segment in %s with typical values', (language) => {
    for (const definition of NOTIFICATION_TEMPLATES.filter((entry) => entry.category === 'security')) {
      const { text } = renderTemplate(definition, 'sms', language, sampleFor(definition));
      expect({ key: definition.key, segments: segments(text) }).toEqual({ key: definition.key, segments: 1 });
    }
  });

  it('counts non-GSM and extension characters the way handsets do', () => {
    expect(isGsm7('Tafuta: Karibu! Bei ni KES 100.')).toBe(true);
    expect(isGsm7('Gĩkũyũ')).toBe(false);
    expect(segments('x'.repeat(160))).toBe(1);
    expect(segments('x'.repeat(161))).toBe(2);
    expect(segments(`${'x'.repeat(159)}€`)).toBe(2);
    expect(segments(`${'x'.repeat(69)}ĩ`)).toBe(1);
    expect(segments(`${'x'.repeat(70)}ĩ`)).toBe(2);
  });
});

describe('OTP message (OTP-09)', () => {
  it.each(LANGUAGES)('in %s holds the code and validity, and ends with the WebOTP line', (language) => {
    const { text } = renderTemplate(template('otp_code'), 'sms', language, { code: '123456' });
    expect(text.startsWith('Tafuta:')).toBe(true);
    expect(text).toContain('123456.');
    expect(text).toContain('10');
    expect(text.split('\n').at(-1)).toBe('@tafuta.ke #123456');
    expect(text.endsWith('@tafuta.ke #123456')).toBe(true);
  });

  it('masks the code for the log copy (ADM-530)', () => {
    const { text } = renderTemplate(template('otp_code'), 'sms', 'en', { code: '042913' });
    const masked = maskOtp(text, '042913');
    expect(masked).not.toContain('042913');
    expect(masked.endsWith('@tafuta.ke #******')).toBe(true);
    expect(masked.split('******')).toHaveLength(3);
    expect(maskOtp('no code here', '')).toBe('no code here');
  });
});

describe('language fallback (ADM-501)', () => {
  const definition = template('password_changed');
  const variables = sampleFor(definition);

  it('uses Kiswahili for sw and English for en', () => {
    expect(renderTemplate(definition, 'sms', 'sw', variables).text).toContain('Nenosiri');
    expect(renderTemplate(definition, 'sms', 'en', variables).text).toContain('password');
  });

  it.each(['kam', 'ki'] as const)('falls back to English for %s', (language) => {
    const message = renderTemplate(definition, 'email', language, variables);
    expect(message.language).toBe('en');
    expect(message.subject).toBe('Your Tafuta password was changed');
    expect(message.html).toContain('<html lang="en">');
  });

  it("falls back per channel when Kiswahili lacks that channel's text", () => {
    const partial: TemplateDefinition = {
      ...definition,
      text: { en: definition.text.en, sw: { sms: definition.text.sw.sms, emailSubject: 'Somo tu' } },
    };
    expect(renderTemplate(partial, 'sms', 'sw', variables).language).toBe('sw');
    expect(renderTemplate(partial, 'email', 'sw', variables).language).toBe('en');
    expect(renderTemplate(partial, 'in_app', 'sw', variables).language).toBe('en');
  });

  it('refuses a channel the template does not use', () => {
    expect(() => renderTemplate(template('otp_code'), 'email', 'en', { code: '123456' })).toThrow(
      /not sent by email/,
    );
  });
});

describe('variables (ADM-507)', () => {
  const definition = template('account_reinstated');

  it('falls back from an empty nickname to the first word of full_name', () => {
    for (const nickname of ['', '   ']) {
      const { text } = renderTemplate(definition, 'email', 'en', { nickname, full_name: '  Otieno Ouma ' });
      expect(text.startsWith('Hello Otieno,')).toBe(true);
    }
    const missing = renderTemplate(definition, 'email', 'sw', { full_name: 'Achieng Atieno' });
    expect(missing.text.startsWith('Habari Achieng,')).toBe(true);
  });

  it('prefers the nickname when there is one', () => {
    const { text } = renderTemplate(definition, 'email', 'en', {
      nickname: 'Mama Jo',
      full_name: 'Joyce Mwende',
    });
    expect(text.startsWith('Hello Mama Jo,')).toBe(true);
  });

  it('reports a missing variable', () => {
    const call = () => renderTemplate(definition, 'email', 'en', {});
    expect(call).toThrow(TemplateVariableError);
    expect(call).toThrow(/\{nickname\} is missing/);
    expect(() => renderTemplate(template('phone_changed'), 'sms', 'en', { nickname: 'Jo' })).toThrow(
      /\{support_phone\} is missing/,
    );
  });

  it('accepts an empty support phone rather than dropping a security notice', () => {
    const { text } = renderTemplate(template('account_suspended'), 'sms', 'en', { support_phone: '' });
    expect(text).toBe('Tafuta: Your account is suspended. Please call .');
  });

  it('refuses a variable the template does not allow', () => {
    const call = () => renderTemplate(definition, 'sms', 'en', { code: '123456' });
    expect(call).toThrow(TemplateVariableError);
    expect(call).toThrow(/\{code\} is not allowed/);
  });

  it('refuses a placeholder in the text that the key does not allow', () => {
    const edited: TemplateDefinition = {
      ...definition,
      text: { ...definition.text, en: { ...definition.text.en, sms: 'Tafuta: {amount} paid' } },
    };
    expect(() => renderTemplate(edited, 'sms', 'en', {})).toThrow(/\{amount\} is not allowed/);
  });

  it('substitutes values once, never expanding placeholders found inside them', () => {
    const { text } = renderTemplate(template('member_added'), 'sms', 'en', {
      business_name: '{code} Shop',
      role: 'employee',
    });
    expect(text).toContain('{code} Shop');
  });
});

describe('HTML email', () => {
  it('shows markup in names as text', () => {
    const message = renderTemplate(template('member_added'), 'email', 'en', {
      nickname: '<script>alert("x")</script>',
      business_name: `Tom & Jerry's <b>Shop</b>`,
      role: 'employee',
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<b>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(message.html).toContain('Tom &amp; Jerry&#39;s &lt;b&gt;Shop&lt;/b&gt;');
    expect(message.text).toContain('<script>alert("x")</script>');
  });

  it('keeps paragraphs and line breaks in an inline-styled layout', () => {
    const { html } = renderTemplate(template('logout_all'), 'email', 'en', sampleFor(template('logout_all')));
    expect(html).toContain('<p style="margin:0 0 16px">Hello Wanjiku,</p>');
    expect(html).toContain('<p style="margin:0 0 16px">The Tafuta team</p>');
    expect(html).not.toMatch(/<style|<link|<script/);
  });
});

describe('validateTemplateBody (ADM-506)', () => {
  it('lists each unknown variable once, including mis-cased ones', () => {
    expect(validateTemplateBody('Hi {nickname}, {amount} {amount} {Nickname}', ['nickname'])).toEqual([
      'amount',
      'Nickname',
    ]);
  });

  it('ignores braces that are not placeholders', () => {
    expect(validateTemplateBody('Tafuta: {} { nickname } #{code}', ['code'])).toEqual([]);
  });
});
