/**
 * Every analysis view, by id. To add a view: import it below and add it to `allViews` (one line each). The shell
 * picks the view named by the envelope's `view` field, then by its `analysisId`, else a generic raw-JSON view.
 */
import type { AnalysisView } from './types';
import { summaryView } from './summary';
import { signedBarcodeView } from './signed-barcode';
import { moduleView } from './module';
import { simulateView } from './simulate';
import { lyapunovView } from './lyapunov';
import { fixedPointsView } from './fixed-points';
import { ewsView } from './ews';
import { modelOverviewView } from './stability-overview';
import { persistenceView } from './persistence';
import { koopmanView } from './koopman';
import { symbolicView } from './symbolic';
import { bifurcationView } from './bifurcation';
import { sweepView } from './sweep';
import { sweepPointView } from './sweep-point';
import { batchView } from './batch';

export const allViews: readonly AnalysisView[] = [
  persistenceView,
  summaryView,
  signedBarcodeView,
  moduleView,
  simulateView,
  lyapunovView,
  fixedPointsView,
  ewsView,
  modelOverviewView,
  koopmanView,
  symbolicView,
  bifurcationView,
  sweepView,
  sweepPointView,
  batchView,
];

/** View id -> view. */
export const views: ReadonlyMap<string, AnalysisView> = new Map(allViews.map((v) => [v.id, v]));

export function findView(id: string | null | undefined): AnalysisView | undefined {
  return id ? views.get(id) : undefined;
}
