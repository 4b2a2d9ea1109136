// build/i18n-core.ts: the first view's part of a catalogue, cut at build time.
declare module 'virtual:i18n-core/*' {
  const catalogue: Record<string, unknown>;
  export default catalogue;
}
