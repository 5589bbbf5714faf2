/** Shared by the stability views (simulate, model overview): more points than this are drawn with WebGL. */
export const WEBGL_POINTS = 40_000;
