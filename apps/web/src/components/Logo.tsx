import { BRAND_NAME } from '../lib/brand';

/** The binoculars icon in a brand-500 rounded square (UI-PWA-02), drawn inline: no image request. */
export function LogoIcon({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#ED4C22" />
      <g fill="#000">
        <rect x="7" y="9" width="6" height="5" rx="1.5" />
        <rect x="19" y="9" width="6" height="5" rx="1.5" />
        <circle cx="10" cy="19" r="5" />
        <circle cx="22" cy="19" r="5" />
        <rect x="13" y="15" width="6" height="4" />
      </g>
      <g fill="#ED4C22">
        <circle cx="10" cy="19" r="2.4" />
        <circle cx="22" cy="19" r="2.4" />
      </g>
    </svg>
  );
}

export function Logo() {
  return (
    <span className="flex items-center gap-2">
      <LogoIcon />
      <span className="text-h2 font-extrabold tracking-tight text-ink">{BRAND_NAME}</span>
    </span>
  );
}
