import { describe, expect, it } from 'vitest';
import { fullContent, minimalContent, modelFor } from '../fixture.js';
import { pageContext } from '../render.js';
import { aboutPhotoTop, firstViewOf, wrappedLines } from './first-view.js';

/** UI-PERF-05: which first-view image is eager, and which one is the LCP, on a 360×640 phone. */

const page = (content = fullContent(), lang: 'en' | 'sw' = 'en') =>
  pageContext(modelFor(content), { lang, preview: false });

describe('wrappedLines', () => {
  it('wraps at spaces and breaks words longer than a line', () => {
    expect(wrappedLines('Demo Shop, Machakos', 18)).toBe(2);
    expect(wrappedLines('Welcome to Doreen', 18)).toBe(1);
    expect(wrappedLines('Doreen Beauty Parlour and Barber Shop, Machakos Town Centre', 18)).toBe(4);
    expect(wrappedLines('A'.repeat(40), 27)).toBe(2);
    expect(wrappedLines('x', 27)).toBe(1);
    expect(wrappedLines('', 27)).toBe(1);
  });
});

describe('the About photo in the first view', () => {
  // Tops measured in Chromium at 360×640 (e2e/website.e2e.test.ts checks the estimate against it).
  it('is estimated where Chromium lays it out', () => {
    expect(aboutPhotoTop(page())).toBe(498);
    expect(aboutPhotoTop(page(fullContent(), 'sw'))).toBe(550);
    const bare = { ...minimalContent(), media: { profile: ['p'] } };
    expect(aboutPhotoTop(pageContext(modelFor(bare, { badge: null }), { lang: 'en', preview: false }))).toBe(
      393,
    );
  });

  it('is the LCP when more of it shows than the banner has (360×120)', () => {
    expect(firstViewOf(page())).toEqual({ banner: 'eager', about: 'lcp' });
    // In Kiswahili the Call buttons wrap onto two rows and push the photo down to y = 550.
    expect(firstViewOf(page(fullContent(), 'sw'))).toEqual({ banner: 'lcp', about: 'eager' });
  });

  it('is left out when the owner hid the About section', () => {
    const content = fullContent();
    content.website_settings!.sections!.about = false;
    expect(firstViewOf(page(content))).toEqual({ banner: 'lcp', about: null });
  });
});
