import { describe, expect, it } from 'vitest';
import { fullContent, modelFor } from './fixture.js';
import { renderClosed, renderLapsed, renderUnavailable } from './state-pages.js';
import { scanHtml } from './test-html.js';

const options = { lang: 'en' as const, mainSiteUrl: 'https://tafuta.ke' };

describe('state pages (UI-WEB-02)', () => {
  it('lapsed hosting: 404 with a minimal card, a Call button and a way back to Tafuta', () => {
    const page = renderLapsed(modelFor(fullContent()), options);
    expect(page.status).toBe(404);
    scanHtml(page.html);
    expect(page.html).toContain('<h1>This website is not active right now</h1>');
    expect(page.html).toContain('<h2>Doreen Beauty Parlour</h2>');
    expect(page.html).toContain('<p class="m">Salons &amp; barbers · Machakos Town</p>');
    expect(page.html).toContain('<a class="btn p" href="tel:+254712345678">Call 0712 345 678</a>');
    expect(page.html).toContain(
      '<a class="home" href="https://tafuta.ke/">Find more businesses on Tafuta</a>',
    );
    expect(page.html).toContain('<meta name="robots" content="noindex">');
  });

  it('speaks the visitor language, including the category name', () => {
    const page = renderLapsed(modelFor(fullContent()), { ...options, lang: 'sw' });
    expect(page.html).toMatch(/^<!doctype html><html lang="sw">/);
    expect(page.html).toContain('<h1>Tovuti hii haifanyi kazi kwa sasa</h1>');
    expect(page.html).toContain('<h2 lang="en">Doreen Beauty Parlour</h2>');
    expect(page.html).toContain('Saluni na vinyozi · Machakos Town');
    expect(page.html).toContain('Piga simu 0712 345 678');
  });

  it('out of business: 410, says so, names the business and links to Tafuta', () => {
    const page = renderClosed(modelFor(fullContent()), options);
    expect(page.status).toBe(410);
    scanHtml(page.html);
    expect(page.html).toContain('<h1>This business is no longer in business</h1>');
    expect(page.html).toContain('<strong>Doreen Beauty Parlour</strong>');
    expect(page.html).not.toContain('tel:');
    expect(renderClosed(null, { ...options, lang: 'sw' }).html).toContain('Biashara hii haifanyi kazi tena');
  });

  it('unavailable: 404 with no business data and an invitation to claim a web address', () => {
    const page = renderUnavailable(options);
    expect(page.status).toBe(404);
    const scan = scanHtml(page.html);
    expect(page.html).toContain('<h1>This site isn&#39;t available</h1>');
    const links = scan.tags.flatMap((tag) => (tag.attrs.has('href') ? [tag.attrs.get('href')] : []));
    expect(links).toEqual(['https://tafuta.ke/', 'https://tafuta.ke/list-your-business']);
    expect(renderUnavailable({ ...options, lang: 'sw' }).html).toContain('Orodhesha biashara yako');
  });

  it('links to the main app that runs, not the production apex, in the page language', () => {
    const local = { lang: 'sw' as const, mainSiteUrl: 'http://localhost:3000' };
    const hrefs = (html: string) =>
      scanHtml(html).tags.flatMap((tag) => (tag.attrs.has('href') ? [tag.attrs.get('href')] : []));
    expect(hrefs(renderUnavailable(local).html)).toEqual([
      'http://localhost:3000/?lang=sw',
      'http://localhost:3000/list-your-business?lang=sw',
    ]);
    expect(hrefs(renderClosed(null, local).html)).toEqual(['http://localhost:3000/?lang=sw']);
    expect(hrefs(renderLapsed(modelFor(fullContent()), { ...local, lang: 'en' }).html)).toContain(
      'http://localhost:3000/',
    );
  });

  it('stays tiny and script-free', () => {
    for (const page of [renderLapsed(modelFor(fullContent()), options), renderUnavailable(options)]) {
      expect(Buffer.byteLength(page.html)).toBeLessThan(4 * 1024);
      expect(scanHtml(page.html).scripts).toEqual([]);
    }
  });
});
