// Plotly's CSP-safe "strict" bundle has the same API as plotly.js; reuse @types/plotly.js for it.
declare module 'plotly.js-strict-dist-min' {
  import * as Plotly from 'plotly.js';
  export default Plotly;
}

// esbuild.mjs loads .css files as text (loader '.css': 'text'); the shell inserts them in a <style> element.
declare module '*.css' {
  const text: string;
  export default text;
}
