// Where in the corpus the editor measurements act, chosen from the text so both servers see
// exactly the same keystrokes. The edits type one character at the end of an enum value in a
// DestinationRule near the middle of the file, then delete it again, alternately: a realistic
// typo-and-fix that changes the text every time and toggles one schema error on that line, so
// each publication can be checked against the edit it claims to reflect.

const TARGET = /^(\s+simple: )ROUND_ROBIN$/;

/** Lines whose value is an untouched `simple: ROUND_ROBIN`, ordered by distance from the middle. */
function candidates(lines) {
  const middle = Math.floor(lines.length / 2);
  const found = [];
  lines.forEach((line, index) => { if (TARGET.test(line)) found.push(index); });
  return found.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
}

export function editScript(text, count) {
  const lines = text.split('\n');
  const [editLine, completionLine] = candidates(lines);
  if (editLine === undefined || completionLine === undefined) throw new Error('corpus has no DestinationRule with simple: ROUND_ROBIN');
  const end = lines[editLine].length;
  const edits = [];
  for (let k = 0; k < count; k++) {
    const typing = k % 2 === 0;
    edits.push({
      version: k + 2, // didOpen is version 1
      expectError: typing,
      change: typing
        ? { range: { start: { line: editLine, character: end }, end: { line: editLine, character: end } }, text: 'X' }
        : { range: { start: { line: editLine, character: end }, end: { line: editLine, character: end + 1 } }, text: '' },
    });
  }
  const valueStart = TARGET.exec(lines[completionLine])[1].length;
  return {
    editLine,
    totalLines: lines.length,
    edits,
    completion: { line: completionLine, character: valueStart },
  };
}
