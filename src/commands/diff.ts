export function runDiff(_a: string[], _io: { out: (s: string) => void; err: (s: string) => void }): number { return 0; }
