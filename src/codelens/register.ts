/**
 * Code lenses and Problems entries (issue 6). Registered lazily: providers are cheap (ranges only); the work happens
 * in resolveCodeLens through the worker pool.
 */
import type * as vscode from 'vscode';
import type { RunContext } from '../commands/run';

export function registerCodeLenses(_context: vscode.ExtensionContext, _rc: () => RunContext): void {
  // Wired once the stability analyses land (see issue 6).
}
