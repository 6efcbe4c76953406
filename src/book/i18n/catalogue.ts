/** A catalogue: English template (values as {0}, {1}, …) → translated template. */
export type Catalogue = Readonly<Record<string, string>>;
