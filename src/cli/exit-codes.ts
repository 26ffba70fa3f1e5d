/** 0: every workload ranked; 1: the run completed but a workload was invalid or infeasible; 2: the run could not happen. */
export const EXIT = { ok: 0, someFailed: 1, cannotRun: 2 } as const;
