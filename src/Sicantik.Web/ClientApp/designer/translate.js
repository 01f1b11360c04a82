// bpmn-js's translate service over the page's texts (PageText.resx, handed to the script as JSON): the labels of the
// Sicantik group and the words of the palette and panel that the page translates; anything else stays as bpmn-js
// wrote it. Placeholders are {name}, as bpmn-js uses them.
export function createTranslate(texts) {
  return function translate(template, replacements) {
    const text = Object.prototype.hasOwnProperty.call(texts, template) ? texts[template] : template;
    const values = replacements || {};
    return text.replace(/{([^}]+)}/g, (match, key) => (Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match));
  };
}

export function translateModule(texts) {
  return { translate: ['value', createTranslate(texts)] };
}
