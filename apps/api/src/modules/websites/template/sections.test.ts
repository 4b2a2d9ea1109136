import { describe, expect, it } from 'vitest';
import { fullContent, minimalContent, modelFor } from '../fixture.js';
import type { WebsiteModel } from '../model.js';
import { renderWebsite } from '../render.js';
import { byClass, opening } from '../test-html.js';

/** UI-WEB-07 sections 6–8, the mobile bar and footer, and the §9.2 limits, as rendered. */

const render = (model: WebsiteModel, lang: 'en' | 'sw' = 'en') =>
  renderWebsite(model, { lang, preview: false }).html;

describe('hours (UI-WEB-07 §6)', () => {
  it('highlights today and says whether it is open now, in Nairobi time', () => {
    // 09:00Z on Monday 2 March 2026 = 12:00 EAT.
    const html = render(modelFor(fullContent()));
    expect(html).toContain('<p class="st o">Open · closes 6:00 pm</p>');
    expect(html).toContain(
      '<tr class="td" aria-current="date"><th scope="row">Monday <span class="sm">(Today)</span>',
    );
    expect(html).toContain('<th scope="row">Sunday</th><td>Closed</td>');
    const sw = renderWebsite(modelFor(fullContent()), { lang: 'sw', preview: false }).html;
    expect(sw).toContain('Wazi · inafunga 18:00');
    // Sunday 01:30 EAT: Saturday's 09:00–02:00 is still running.
    const lateNight = renderWebsite(modelFor(fullContent()), {
      lang: 'en',
      preview: false,
      now: new Date('2026-03-07T22:30:00Z'),
    }).html;
    expect(lateNight).toContain('Open · closes 2:00 am');
    expect(lateNight).toContain('<tr class="td" aria-current="date"><th scope="row">Sunday');
    const sunday = renderWebsite(modelFor(fullContent()), {
      lang: 'en',
      preview: false,
      now: new Date('2026-03-08T09:00:00Z'),
    }).html;
    expect(sunday).toContain('<p class="st">Closed · opens tomorrow 8:00 am</p>');
  });

  it('days without hours read "Not given"; malformed stored hours are ignored', () => {
    const content = fullContent();
    content.hours = {
      monday: { open: '25:99', close: 'x' } as never,
      tuesday: { open: '08:00', close: '17:00' },
    };
    const html = render(modelFor(content));
    expect(html).toContain('<th scope="row">Monday <span class="sm">(Today)</span></th><td>Not given</td>');
    expect(html).toContain('<td>8:00 am – 5:00 pm</td>');
  });
});

describe('contact, location, footer', () => {
  it('builds tel:, WhatsApp, mailto and maps links, and shows M-Pesa numbers as selectable text', () => {
    const html = render(modelFor(fullContent()));
    expect(html).toContain('href="tel:+254712345678"');
    expect(html).toContain('>0712 345 678</a>');
    expect(html).toContain('href="tel:+254733123456"');
    expect(html).toContain(
      'href="https://wa.me/254712345678?text=Hi%20Doreen%20Beauty%20Parlour%2C%20I%20found%20you%20on%20Tafuta."',
    );
    expect(html).toContain('href="mailto:doreen@example.com"');
    expect(html).toContain(
      'href="https://doreen.example.com/book" rel="noopener nofollow">doreen.example.com/book</a>',
    );
    expect(html).toContain('href="https://www.google.com/maps/dir/?api=1&amp;destination=-1.5177,37.2634"');
    expect(html).toContain('<dt>Buy Goods till</dt><dd><span class="num">512345</span></dd>');
    expect(html).toContain('<dt>Account</dt><dd><span class="num">DOREEN</span></dd>');
    expect(html).toContain(
      '<address>Kenyatta Avenue\nNext to the bus station\nMachakos Town\nPostal code 90100</address>',
    );
  });

  it('without coordinates, directions search the street and landmark; without either, no button', () => {
    const content = fullContent();
    content.location.geo = null;
    expect(render(modelFor(content))).toContain(
      'https://www.google.com/maps/search/?api=1&amp;query=Kenyatta%20Avenue%2C%20Next%20to%20the%20bus%20station%2C%20Machakos%20Town%2C%20Kenya',
    );
    const bare = render(modelFor(minimalContent()));
    expect(bare).not.toContain('google.com/maps');
    // The mobile bar keeps the one action it has (UI-WEB-08).
    const [bar] = byClass(opening(bare), 'bar');
    expect(bar).toBeDefined();
    expect(/<nav class="bar".*?<\/nav>/.exec(bare)![0].match(/<a /g)).toHaveLength(1);
  });

  it('the mobile bar has Call, WhatsApp and Directions', () => {
    const html = render(modelFor(fullContent()));
    const bar = /<nav class="bar" aria-label="Quick contact">(.*?)<\/nav>/.exec(html)![1]!;
    const buttons = [...bar.matchAll(/<a class="btn[^"]*" href="([^"]+)">.*?<\/svg>([^<]+)<\/a>/g)];
    expect(buttons.map((match) => match[2])).toEqual(['Call', 'WhatsApp', 'Directions']);
    expect(buttons.map((match) => match[1]!.replace(/\?.*$/, ''))).toEqual([
      'tel:+254712345678',
      'https://wa.me/254712345678',
      'https://www.google.com/maps/dir/',
    ]);
    expect(html).toContain('<body class="hb">');
  });

  it('the footer links the landing page and the listing pitch, with © year and name', () => {
    const html = render(modelFor(fullContent()));
    expect(html).toContain(
      '<a href="https://tafuta.ke/region/machakos/category/salons">Listed on Tafuta</a>',
    );
    expect(html).toContain(
      '<a href="https://tafuta.ke/list-your-business">Get your own website on Tafuta</a>',
    );
    expect(html).toContain('<p class="sm">© 2026 Doreen Beauty Parlour</p>');
  });

  it('links back to the main app that runs (APP_URL), in the language the page is read in', () => {
    const local = render(modelFor(fullContent(), { mainSiteUrl: 'http://localhost:3000' }), 'sw');
    const hrefs = opening(local)
      .map((tag) => tag.attrs.get('href') ?? '')
      .filter((href) => href.startsWith('http://localhost'));
    expect(hrefs).toEqual([
      'http://localhost:3000/region/machakos/category/salons?lang=sw',
      'http://localhost:3000/list-your-business?lang=sw',
    ]);
    expect(local).not.toMatch(/https:\/\/tafuta\.ke\/(region|list-your-business)/);
    expect(local).not.toContain('"https://tafuta.ke/"');
  });
});

describe('truncation (ui.md §9.2)', () => {
  it('cuts over-long stored text to the field limits', () => {
    const content = minimalContent();
    content.profile.en = {
      business_name: 'N'.repeat(300),
      tagline: 'T'.repeat(500),
      description: 'D'.repeat(5000),
      services: Array.from({ length: 45 }, (_, index) => `Service ${index} ${'s'.repeat(100)}`),
    };
    const html = render(modelFor(content));
    expect(html).toContain(`<h1>${'N'.repeat(79)}…</h1>`);
    expect(html).toContain(`<p class="m">${'T'.repeat(99)}…</p>`);
    expect(html).toContain(`<p class="t">${'D'.repeat(999)}…</p>`);
    const chips = html.match(/<ul class="ch">([^]*?)<\/ul>/)![1]!.match(/<li>[^<]*<\/li>/g)!;
    expect(chips).toHaveLength(20);
    expect(chips[0]).toBe(`<li>${`Service 0 ${'s'.repeat(100)}`.slice(0, 59)}…</li>`);
  });

  it('never splits an emoji when cutting', () => {
    const content = minimalContent();
    content.profile.en!.tagline = `${'a'.repeat(98)}😀😀😀`;
    expect(render(modelFor(content))).toContain(`<p class="m">${'a'.repeat(98)}…</p>`);
  });
});
