export interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}
export function processTable(): ProcessRow[] | null;
export function leftovers(table: ProcessRow[], root: string, ancestor?: number): ProcessRow[];
