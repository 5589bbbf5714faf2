/** Colors of the current VS Code theme, as the shell reads them from --vscode-* variables (see shell/theme.ts). */
export interface ThemeColors {
  foreground: string;
  background: string;
  muted: string;
  accent: string;
  grid: string;
  positive: string;
  negative: string;
  /** Distinct series colors that read on the current theme. */
  series: string[];
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
}
