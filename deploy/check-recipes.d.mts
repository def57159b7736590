// Types for check-recipes.mjs (a plain Node script so CI runs it without a build step).
export function checkDockerfile(text: string): string[];
export function checkManifests(files: Record<string, string>): Promise<string[]>;
export function checkRecipes(dir: string): Promise<string[]>;
