// An avatar's colour comes from its person's name, so each person keeps theirs everywhere. Its
// initials are white, and white must stay readable (WCAG AA, 4.5:1) on every hue: yellows and
// greens are much lighter than blues at the same HSL lightness, so each hue gets the lightest
// shade that still leaves white its contrast, instead of one lightness that is too light for some.

const SATURATION = 0.45;
const LIGHTEST = 0.52;
/** A little above 4.5:1, so rounding in the browser or an auditor never tips it under. */
const MIN_CONTRAST_WITH_WHITE = 4.6;

const cache = new Map<number, string>();

export function avatarColour(name: string): string {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  let colour = cache.get(hue);
  if (!colour) {
    let lightness = LIGHTEST;
    while (lightness > 0.2 && contrastWithWhite(hue, lightness) < MIN_CONTRAST_WITH_WHITE) lightness -= 0.01;
    colour = `hsl(${hue} ${SATURATION * 100}% ${Math.round(lightness * 100)}%)`;
    cache.set(hue, colour);
  }
  return colour;
}

function contrastWithWhite(hue: number, lightness: number): number {
  // Round to whole percent first, as the colour is written.
  const l = Math.round(lightness * 100) / 100;
  const a = SATURATION * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    // sRGB as the browser paints it: 8 bits a channel, then linearised.
    const v = Math.round(c * 255) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(8) + 0.0722 * channel(4);
  return 1.05 / (luminance + 0.05);
}
