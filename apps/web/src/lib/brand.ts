/** The product name is a proper noun, the same in every language, so it is not in the catalogues. */
export const BRAND_NAME = 'Tafuta';
