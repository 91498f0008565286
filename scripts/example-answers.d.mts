// Types of scripts/example-answers.mjs, for the tests that import it.
export interface ExampleAnswer {
  status: number;
  body: unknown;
}
export function buildExampleAnswers(spec: unknown): Record<string, ExampleAnswer>;
export function renderExampleAnswersModule(answers: Record<string, ExampleAnswer>): string;
