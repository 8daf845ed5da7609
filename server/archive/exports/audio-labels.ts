import type { Language } from '../../../shared/meeting/model.js';

/** The words around the floor's audio in the record (issue 16), in the six UN/ITU languages. */
export interface AudioLabels {
  /** Under the record's details: the floor was recorded. */
  recorded: string;
  /** Heading of the list of times nothing was recorded. */
  gaps: string;
  /** A span with no recording: `{from}` and `{to}` are times. */
  gap: string;
  /** Before a speech's player: `{name}` spoke at `{time}` for `{duration}`. */
  speechAudio: string;
  topicAudio: string;
  topicAudioNote: string;
  /** Marked not for publication by the secretariat (after the speech's caption). */
  withheld: string;
  /** Part of a speech was not recorded: silence in its audio. */
  speechGap: string;
  /** Inside a player for browsers that cannot play it. */
  cannotPlay: string;
  downloadOpus: string;
  downloadMp3: string;
}

const en: AudioLabels = {
  recorded: 'The floor of this meeting was recorded. Each speech has its own audio, cut on its own times with pauses removed.',
  gaps: 'Not recorded',
  gap: 'No recording from {from} to {to}.',
  speechAudio: 'Audio: {name}, {time} ({duration})',
  topicAudio: 'The topic’s audio, with captions',
  topicAudioNote: 'The topic’s speeches one after the other; the captions follow the audio.',
  withheld: 'Not published.',
  speechGap: 'Not recorded from {from} to {to}: silence in this audio.',
  cannotPlay: 'This browser cannot play the audio here. Download it:',
  downloadOpus: 'Download (OGG/Opus)',
  downloadMp3: 'Download (MP3)',
};

const ar: AudioLabels = {
  recorded: 'سُجّلت الكلمة في هذا الاجتماع. لكل مداخلة تسجيلها الصوتي الخاص، مقتطعًا على أوقاتها مع حذف فترات التوقف.',
  gaps: 'فترات لم تُسجَّل',
  gap: 'لا تسجيل من {from} إلى {to}.',
  speechAudio: 'التسجيل الصوتي: {name}، {time} ({duration})',
  topicAudio: 'التسجيل الصوتي للموضوع مع الترجمة النصية',
  topicAudioNote: 'مداخلات الموضوع واحدة تلو الأخرى؛ والنص المكتوب يتبع الصوت.',
  withheld: 'غير منشور.',
  speechGap: 'لم يُسجَّل من {from} إلى {to}: صمت في هذا التسجيل.',
  cannotPlay: 'لا يستطيع هذا المتصفح تشغيل التسجيل هنا. نزّله:',
  downloadOpus: 'تنزيل (OGG/Opus)',
  downloadMp3: 'تنزيل (MP3)',
};

const fr: AudioLabels = {
  recorded: 'La parole de cette réunion a été enregistrée. Chaque intervention a son propre enregistrement, coupé sur ses horaires, pauses retirées.',
  gaps: 'Non enregistré',
  gap: 'Aucun enregistrement de {from} à {to}.',
  speechAudio: 'Audio : {name}, {time} ({duration})',
  topicAudio: 'L’audio du point, avec sous-titres',
  topicAudioNote: 'Les interventions du point l’une après l’autre ; les sous-titres suivent l’audio.',
  withheld: 'Non publié.',
  speechGap: 'Non enregistré de {from} à {to} : silence dans cet audio.',
  cannotPlay: 'Ce navigateur ne peut pas lire l’audio ici. Téléchargez-le :',
  downloadOpus: 'Télécharger (OGG/Opus)',
  downloadMp3: 'Télécharger (MP3)',
};

const es: AudioLabels = {
  recorded: 'Se grabó el uso de la palabra en esta reunión. Cada intervención tiene su propio audio, cortado en sus horas y sin las pausas.',
  gaps: 'Sin grabar',
  gap: 'Sin grabación de {from} a {to}.',
  speechAudio: 'Audio: {name}, {time} ({duration})',
  topicAudio: 'El audio del tema, con subtítulos',
  topicAudioNote: 'Las intervenciones del tema una tras otra; los subtítulos siguen el audio.',
  withheld: 'No se publica.',
  speechGap: 'Sin grabar de {from} a {to}: silencio en este audio.',
  cannotPlay: 'Este navegador no puede reproducir el audio aquí. Descárguelo:',
  downloadOpus: 'Descargar (OGG/Opus)',
  downloadMp3: 'Descargar (MP3)',
};

const ru: AudioLabels = {
  recorded: 'Выступления на этом заседании записывались. У каждого выступления своя аудиозапись, вырезанная по его времени, без пауз.',
  gaps: 'Не записано',
  gap: 'Нет записи с {from} до {to}.',
  speechAudio: 'Аудио: {name}, {time} ({duration})',
  topicAudio: 'Аудиозапись темы с субтитрами',
  topicAudioNote: 'Выступления по теме одно за другим; субтитры следуют за звуком.',
  withheld: 'Не публикуется.',
  speechGap: 'Не записано с {from} до {to}: в записи тишина.',
  cannotPlay: 'Этот браузер не может воспроизвести запись здесь. Скачайте её:',
  downloadOpus: 'Скачать (OGG/Opus)',
  downloadMp3: 'Скачать (MP3)',
};

const zh: AudioLabels = {
  recorded: '本次会议的发言已录音。每次发言都有自己的录音，按其时间截取，并去除暂停。',
  gaps: '未录音时段',
  gap: '{from}至{to}无录音。',
  speechAudio: '录音：{name}，{time}（{duration}）',
  topicAudio: '本议题录音（附字幕）',
  topicAudioNote: '本议题的发言依次排列；字幕与录音同步。',
  withheld: '不予公布。',
  speechGap: '{from}至{to}未录音：此段为静音。',
  cannotPlay: '此浏览器无法在此播放录音。请下载：',
  downloadOpus: '下载（OGG/Opus）',
  downloadMp3: '下载（MP3）',
};

const audioLabels: Readonly<Record<Language, AudioLabels>> = { en, ar, fr, es, ru, zh };
export const audioLabelsFor = (language: Language): AudioLabels => audioLabels[language];

/**
 * Fills `{name}` placeholders for HTML: the template's own text is escaped, each value is
 * escaped and isolated in `<bdi>`, so a Latin name or a time keeps its order in Arabic.
 */
export function fillHtml(template: string, values: Record<string, string>, escape: (text: string) => string): string {
  return template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      return name !== undefined && name in values ? `<bdi>${escape(values[name]!)}</bdi>` : escape(part);
    })
    .join('');
}
