/** The option of a closed set that a <select> reports, typed as that set (a value outside it is a bug in the markup). */
export function chosen<T extends string>(options: readonly T[], value: string): T {
  const option = options.find((candidate) => candidate === value);
  if (option === undefined) throw new Error(`"${value}" is not one of ${options.join(', ')}`);
  return option;
}
