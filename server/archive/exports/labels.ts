import type { AttendanceMode, Language, SpeechKind, StakeholderGroup } from '../../../shared/meeting/model.js';

/**
 * The words the archive exports print around the meeting's own data, in the six UN/ITU
 * languages. Stakeholder groups follow the Tunis Agenda wording each language's UN documents
 * use; everything here is plain text (the HTML writer escapes it like any other string).
 */
export interface ExportLabels {
  /** Between items of a list: `, ` (Arabic `، `, Chinese `，`). */
  comma: string;
  recordTitle: string;
  /** The public index of archived meetings. */
  archiveTitle: string;
  archiveIntro: string;
  noArchivedMeetings: string;
  skipToContent: string;
  otherLanguages: string;
  meetingDetails: string;
  venue: string;
  scheduled: string;
  opened: string;
  adjourned: string;
  archived: string;
  timeZone: string;
  groupMeeting: string;
  language: string;
  topics: string;
  topic: string;
  proposedBy: string;
  consultationInputs: string;
  compilationReport: string;
  noInputs: string;
  speakers: string;
  noSpeakers: string;
  name: string;
  affiliation: string;
  country: string;
  stakeholderGroup: string;
  participation: string;
  kind: string;
  inReplyTo: string;
  began: string;
  ended: string;
  duration: string;
  durationNote: string;
  title: string;
  author: string;
  attendance: string;
  registered: string;
  attended: string;
  registeredInRoom: string;
  registeredRemote: string;
  peakConcurrent: string;
  attendanceByGroup: string;
  speakingTime: string;
  speeches: string;
  total: string;
  byStakeholderGroup: string;
  byParticipation: string;
  transcript: string;
  captioners: string;
  disclaimer: string;
  noTranscript: string;
  otherProceedings: string;
  unknownSpeaker: string;
  downloads: string;
  download: string;
  fileRecordJson: string;
  fileRecordHtml: string;
  fileTranscriptText: string;
  fileWebVtt: string;
  fileSrt: string;
  fileBundle: string;
  fileSpeechesCsv: string;
  fileRecordPdf: string;
  /** The attendee list by name (only those who agreed to be named). */
  attendees: string;
  noNamedAttendees: string;
  unnamedAttendees: string;
  /** The count of corrections the secretariat made in review. */
  corrections: string;
  correctionsNote: string;
  /** Who the printed record names as its author (the PDF's /Author and dc:creator). */
  secretariat: string;
  /** A speech's position in its topic's list of speakers. */
  order: string;
  attendanceModes: Record<AttendanceMode, string>;
  stakeholderGroups: Record<StakeholderGroup, string>;
  speechKinds: Record<SpeechKind, string>;
}

const en: ExportLabels = {
  comma: ', ',
  recordTitle: 'Meeting record',
  archiveTitle: "Archive of open consultation meetings",
  archiveIntro: "Records of archived meetings: speakers per topic, caption transcripts and attendance, as submitted to the working group.",
  noArchivedMeetings: "No meeting has been archived yet.",
  skipToContent: 'Skip to main content',
  otherLanguages: 'Other languages',
  meetingDetails: 'Meeting details',
  venue: 'Venue',
  scheduled: 'Scheduled',
  opened: 'Opened',
  adjourned: 'Adjourned',
  archived: 'Archived',
  timeZone: 'Time zone',
  groupMeeting: 'Working group meeting',
  language: 'Language',
  topics: 'Topics',
  topic: 'Topic',
  proposedBy: 'Proposed by',
  consultationInputs: 'Consultation inputs',
  compilationReport: 'Compilation report',
  noInputs: 'No inputs were received.',
  speakers: 'Speakers',
  noSpeakers: 'No one spoke on this topic.',
  name: 'Name',
  affiliation: 'Affiliation',
  country: 'Country',
  stakeholderGroup: 'Stakeholder group',
  participation: 'Participation',
  kind: 'Type of speech',
  inReplyTo: 'In reply to',
  began: 'Began',
  ended: 'Ended',
  duration: 'Duration',
  durationNote: 'Durations exclude pauses.',
  title: 'Title',
  author: 'Author',
  attendance: 'Attendance',
  registered: 'Registered',
  attended: 'Attended',
  registeredInRoom: 'Registered in the room',
  registeredRemote: 'Registered remotely',
  peakConcurrent: 'Most present at once',
  attendanceByGroup: 'Attendance by stakeholder group',
  speakingTime: 'Speaking time',
  speeches: 'Speeches',
  total: 'Total',
  byStakeholderGroup: 'Speaking time by stakeholder group',
  byParticipation: 'Speaking time in the room and remote',
  transcript: 'Transcript',
  captioners: 'Captioners',
  disclaimer:
    'This transcript was produced by human captioners in real time and may not be a totally verbatim record.',
  noTranscript: 'No transcript is available in this language.',
  otherProceedings: 'Outside the topics',
  unknownSpeaker: 'Unknown speaker',
  downloads: 'Downloads',
  download: 'Download',
  fileRecordJson: 'Record (JSON)',
  fileRecordHtml: 'Record (HTML)',
  fileTranscriptText: 'Transcript (plain text)',
  fileWebVtt: 'Captions (WebVTT)',
  fileSrt: 'Captions (SRT)',
  fileBundle: 'All files (ZIP)',
  fileSpeechesCsv: "Speakers list (CSV)",
  fileRecordPdf: "Record (PDF)",
  attendees: "Attendees",
  noNamedAttendees: "No attendee agreed to be named.",
  unnamedAttendees: "Attendees not named (they did not agree to publication)",
  corrections: "Corrections before archiving",
  correctionsNote: "The secretariat corrected this record before archiving it. The original logs are kept unchanged.",
  secretariat: "Meeting secretariat",
  order: "No.",
  attendanceModes: { room: 'In the room', remote: 'Remote' },
  stakeholderGroups: {
    government: 'Governments',
    private_sector: 'Private sector',
    civil_society: 'Civil society',
    academic_technical: 'Academic and technical community',
    intergovernmental: 'Intergovernmental organizations',
    international: 'International organizations',
  },
  speechKinds: { intervention: 'Intervention', reply: 'Reply', point_of_order: 'Point of order' },
};

const ar: ExportLabels = {
  comma: '، ',
  recordTitle: 'محضر الاجتماع',
  archiveTitle: "أرشيف اجتماعات المشاورات المفتوحة",
  archiveIntro: "محاضر الاجتماعات المؤرشفة: المتحدثون حسب كل موضوع ونصوص الترجمة النصية والحضور، كما قُدمت إلى فريق العمل.",
  noArchivedMeetings: "لم يُؤرشف أي اجتماع بعد.",
  skipToContent: 'الانتقال إلى المحتوى الرئيسي',
  otherLanguages: 'لغات أخرى',
  meetingDetails: 'تفاصيل الاجتماع',
  venue: 'المكان',
  scheduled: 'الموعد المقرر',
  opened: 'الافتتاح',
  adjourned: 'رفع الجلسة',
  archived: 'الأرشفة',
  timeZone: 'المنطقة الزمنية',
  groupMeeting: 'اجتماع فريق العمل',
  language: 'اللغة',
  topics: 'المواضيع',
  topic: 'الموضوع',
  proposedBy: 'مقترح من',
  consultationInputs: 'مساهمات المشاورة',
  compilationReport: 'التقرير التجميعي',
  noInputs: 'لم ترد أي مساهمات.',
  speakers: 'المتكلمون',
  noSpeakers: 'لم يتكلم أحد في هذا الموضوع.',
  name: 'الاسم',
  affiliation: 'الجهة',
  country: 'البلد',
  stakeholderGroup: 'فئة أصحاب المصلحة',
  participation: 'طريقة المشاركة',
  kind: 'نوع الكلمة',
  inReplyTo: 'ردًا على',
  began: 'البداية',
  ended: 'النهاية',
  duration: 'المدة',
  durationNote: 'لا تشمل المدد فترات التوقف.',
  title: 'العنوان',
  author: 'المؤلف',
  attendance: 'الحضور',
  registered: 'المسجلون',
  attended: 'الحاضرون',
  registeredInRoom: 'المسجلون للحضور في القاعة',
  registeredRemote: 'المسجلون للمشاركة عن بُعد',
  peakConcurrent: 'أقصى عدد للحاضرين في آنٍ واحد',
  attendanceByGroup: 'الحضور حسب فئة أصحاب المصلحة',
  speakingTime: 'وقت الكلام',
  speeches: 'الكلمات',
  total: 'المجموع',
  byStakeholderGroup: 'وقت الكلام حسب فئة أصحاب المصلحة',
  byParticipation: 'وقت الكلام في القاعة وعن بُعد',
  transcript: 'النص المدوَّن',
  captioners: 'كتبة الشرح النصي',
  disclaimer: 'أعدّ هذا النص كتبةُ الشرح النصي في الوقت الفعلي، وقد لا يكون سجلًا حرفيًا تمامًا للمداولات.',
  noTranscript: 'لا يتوفر نص مدوَّن بهذه اللغة.',
  otherProceedings: 'خارج المواضيع',
  unknownSpeaker: 'متكلم غير معروف',
  downloads: 'التنزيلات',
  download: 'تنزيل',
  fileRecordJson: 'المحضر (JSON)',
  fileRecordHtml: 'المحضر (HTML)',
  fileTranscriptText: 'النص المدوَّن (نص عادي)',
  fileWebVtt: 'الشرح النصي (WebVTT)',
  fileSrt: 'الشرح النصي (SRT)',
  fileBundle: 'جميع الملفات (ZIP)',
  fileSpeechesCsv: "قائمة المتكلمين (CSV)",
  fileRecordPdf: "المحضر (PDF)",
  attendees: "قائمة الحاضرين",
  noNamedAttendees: "لم يوافق أي من الحاضرين على نشر اسمه.",
  unnamedAttendees: "حاضرون لم تُنشر أسماؤهم (لم يوافقوا على النشر)",
  corrections: "التصويبات قبل الأرشفة",
  correctionsNote: "صوّبت الأمانة هذا المحضر قبل أرشفته، وتُحفظ السجلات الأصلية دون تغيير.",
  secretariat: "أمانة الاجتماع",
  order: "الرقم",
  attendanceModes: { room: 'في القاعة', remote: 'عن بُعد' },
  stakeholderGroups: {
    government: 'الحكومات',
    private_sector: 'القطاع الخاص',
    civil_society: 'المجتمع المدني',
    academic_technical: 'الأوساط الأكاديمية والتقنية',
    intergovernmental: 'المنظمات الحكومية الدولية',
    international: 'المنظمات الدولية',
  },
  speechKinds: { intervention: 'مداخلة', reply: 'رد', point_of_order: 'نقطة نظام' },
};

const fr: ExportLabels = {
  comma: ', ',
  recordTitle: 'Compte rendu de la réunion',
  archiveTitle: "Archives des réunions de consultation ouverte",
  archiveIntro: "Comptes rendus des réunions archivées : orateurs par thème, transcriptions du sous-titrage et participation, tels que soumis au groupe de travail.",
  noArchivedMeetings: "Aucune réunion n'a encore été archivée.",
  skipToContent: 'Aller au contenu principal',
  otherLanguages: 'Autres langues',
  meetingDetails: 'Informations sur la réunion',
  venue: 'Lieu',
  scheduled: 'Horaire prévu',
  opened: 'Ouverture',
  adjourned: 'Levée de la séance',
  archived: 'Archivage',
  timeZone: 'Fuseau horaire',
  groupMeeting: 'Réunion du groupe de travail',
  language: 'Langue',
  topics: 'Thèmes',
  topic: 'Thème',
  proposedBy: 'Proposé par',
  consultationInputs: 'Contributions à la consultation',
  compilationReport: 'Rapport de synthèse',
  noInputs: "Aucune contribution n'a été reçue.",
  speakers: 'Orateurs',
  noSpeakers: "Personne n'a pris la parole sur ce thème.",
  name: 'Nom',
  affiliation: 'Organisation',
  country: 'Pays',
  stakeholderGroup: 'Catégorie de parties prenantes',
  participation: 'Mode de participation',
  kind: "Type d'intervention",
  inReplyTo: 'En réponse à',
  began: 'Début',
  ended: 'Fin',
  duration: 'Durée',
  durationNote: 'Les durées excluent les pauses.',
  title: 'Titre',
  author: 'Auteur',
  attendance: 'Présence',
  registered: 'Inscrits',
  attended: 'Présents',
  registeredInRoom: 'Inscrits en salle',
  registeredRemote: 'Inscrits à distance',
  peakConcurrent: 'Présence simultanée maximale',
  attendanceByGroup: 'Présence par catégorie de parties prenantes',
  speakingTime: 'Temps de parole',
  speeches: 'Interventions',
  total: 'Total',
  byStakeholderGroup: 'Temps de parole par catégorie de parties prenantes',
  byParticipation: 'Temps de parole en salle et à distance',
  transcript: 'Transcription',
  captioners: 'Sous-titreurs',
  disclaimer:
    'Cette transcription a été réalisée en temps réel par des sous-titreurs et peut ne pas constituer un compte rendu intégralement fidèle.',
  noTranscript: "Aucune transcription n'est disponible dans cette langue.",
  otherProceedings: 'Hors des thèmes',
  unknownSpeaker: 'Orateur inconnu',
  downloads: 'Téléchargements',
  download: 'Télécharger',
  fileRecordJson: 'Compte rendu (JSON)',
  fileRecordHtml: 'Compte rendu (HTML)',
  fileTranscriptText: 'Transcription (texte brut)',
  fileWebVtt: 'Sous-titres (WebVTT)',
  fileSrt: 'Sous-titres (SRT)',
  fileBundle: 'Tous les fichiers (ZIP)',
  fileSpeechesCsv: "Liste des orateurs (CSV)",
  fileRecordPdf: "Compte rendu (PDF)",
  attendees: "Liste des participants",
  noNamedAttendees: "Aucun participant n'a accepté d'être nommé.",
  unnamedAttendees: "Participants non nommés (sans accord de publication)",
  corrections: "Corrections avant l'archivage",
  correctionsNote: "Le secrétariat a corrigé ce compte rendu avant de l'archiver. Les journaux d'origine sont conservés sans modification.",
  secretariat: "Secrétariat de la réunion",
  order: "N°",
  attendanceModes: { room: 'En salle', remote: 'À distance' },
  stakeholderGroups: {
    government: 'Gouvernements',
    private_sector: 'Secteur privé',
    civil_society: 'Société civile',
    academic_technical: 'Milieux universitaires et techniques',
    intergovernmental: 'Organisations intergouvernementales',
    international: 'Organisations internationales',
  },
  speechKinds: { intervention: 'Intervention', reply: 'Réponse', point_of_order: "Motion d'ordre" },
};

const es: ExportLabels = {
  comma: ', ',
  recordTitle: 'Acta de la reunión',
  archiveTitle: "Archivo de las reuniones de consulta abierta",
  archiveIntro: "Actas de las reuniones archivadas: oradores por tema, transcripciones de los subtítulos y asistencia, tal como se presentaron al grupo de trabajo.",
  noArchivedMeetings: "Todavía no se ha archivado ninguna reunión.",
  skipToContent: 'Ir al contenido principal',
  otherLanguages: 'Otros idiomas',
  meetingDetails: 'Datos de la reunión',
  venue: 'Lugar',
  scheduled: 'Horario previsto',
  opened: 'Apertura',
  adjourned: 'Levantamiento de la sesión',
  archived: 'Archivado',
  timeZone: 'Huso horario',
  groupMeeting: 'Reunión del grupo de trabajo',
  language: 'Idioma',
  topics: 'Temas',
  topic: 'Tema',
  proposedBy: 'Propuesto por',
  consultationInputs: 'Contribuciones a la consulta',
  compilationReport: 'Informe de compilación',
  noInputs: 'No se recibieron contribuciones.',
  speakers: 'Oradores',
  noSpeakers: 'Nadie intervino sobre este tema.',
  name: 'Nombre',
  affiliation: 'Organización',
  country: 'País',
  stakeholderGroup: 'Grupo de partes interesadas',
  participation: 'Modalidad de participación',
  kind: 'Tipo de intervención',
  inReplyTo: 'En respuesta a',
  began: 'Inicio',
  ended: 'Fin',
  duration: 'Duración',
  durationNote: 'Las duraciones no incluyen las pausas.',
  title: 'Título',
  author: 'Autor',
  attendance: 'Asistencia',
  registered: 'Inscritos',
  attended: 'Asistentes',
  registeredInRoom: 'Inscritos en la sala',
  registeredRemote: 'Inscritos a distancia',
  peakConcurrent: 'Máximo de asistentes simultáneos',
  attendanceByGroup: 'Asistencia por grupo de partes interesadas',
  speakingTime: 'Tiempo de palabra',
  speeches: 'Intervenciones',
  total: 'Total',
  byStakeholderGroup: 'Tiempo de palabra por grupo de partes interesadas',
  byParticipation: 'Tiempo de palabra en la sala y a distancia',
  transcript: 'Transcripción',
  captioners: 'Subtituladores',
  disclaimer:
    'Esta transcripción fue realizada en tiempo real por subtituladores y puede no ser un registro totalmente literal.',
  noTranscript: 'No hay transcripción disponible en este idioma.',
  otherProceedings: 'Fuera de los temas',
  unknownSpeaker: 'Orador desconocido',
  downloads: 'Descargas',
  download: 'Descargar',
  fileRecordJson: 'Acta (JSON)',
  fileRecordHtml: 'Acta (HTML)',
  fileTranscriptText: 'Transcripción (texto sin formato)',
  fileWebVtt: 'Subtítulos (WebVTT)',
  fileSrt: 'Subtítulos (SRT)',
  fileBundle: 'Todos los archivos (ZIP)',
  fileSpeechesCsv: "Lista de oradores (CSV)",
  fileRecordPdf: "Acta (PDF)",
  attendees: "Lista de asistentes",
  noNamedAttendees: "Ningún asistente aceptó que se publicara su nombre.",
  unnamedAttendees: "Asistentes no nombrados (no aceptaron la publicación)",
  corrections: "Correcciones antes del archivo",
  correctionsNote: "La secretaría corrigió esta acta antes de archivarla. Los registros originales se conservan sin cambios.",
  secretariat: "Secretaría de la reunión",
  order: "N.º",
  attendanceModes: { room: 'En la sala', remote: 'A distancia' },
  stakeholderGroups: {
    government: 'Gobiernos',
    private_sector: 'Sector privado',
    civil_society: 'Sociedad civil',
    academic_technical: 'Comunidades académica y técnica',
    intergovernmental: 'Organizaciones intergubernamentales',
    international: 'Organizaciones internacionales',
  },
  speechKinds: { intervention: 'Intervención', reply: 'Respuesta', point_of_order: 'Cuestión de orden' },
};

const ru: ExportLabels = {
  comma: ', ',
  recordTitle: 'Отчет о собрании',
  archiveTitle: "Архив собраний открытых консультаций",
  archiveIntro: "Отчеты об архивированных собраниях: выступающие по каждой теме, стенограммы субтитров и участие, в том виде, в каком они представлены рабочей группе.",
  noArchivedMeetings: "Пока ни одно собрание не архивировано.",
  skipToContent: 'Перейти к основному содержанию',
  otherLanguages: 'Другие языки',
  meetingDetails: 'Сведения о собрании',
  venue: 'Место проведения',
  scheduled: 'Запланированное время',
  opened: 'Открытие',
  adjourned: 'Закрытие заседания',
  archived: 'Архивировано',
  timeZone: 'Часовой пояс',
  groupMeeting: 'Собрание рабочей группы',
  language: 'Язык',
  topics: 'Темы',
  topic: 'Тема',
  proposedBy: 'Предложено',
  consultationInputs: 'Вклады в консультацию',
  compilationReport: 'Сводный отчет',
  noInputs: 'Вклады не поступали.',
  speakers: 'Выступающие',
  noSpeakers: 'По этой теме никто не выступал.',
  name: 'Имя',
  affiliation: 'Организация',
  country: 'Страна',
  stakeholderGroup: 'Группа заинтересованных сторон',
  participation: 'Формат участия',
  kind: 'Вид выступления',
  inReplyTo: 'В ответ на выступление',
  began: 'Начало',
  ended: 'Окончание',
  duration: 'Продолжительность',
  durationNote: 'Продолжительность указана без учета пауз.',
  title: 'Название',
  author: 'Автор',
  attendance: 'Посещаемость',
  registered: 'Зарегистрировано',
  attended: 'Присутствовало',
  registeredInRoom: 'Зарегистрировано в зале',
  registeredRemote: 'Зарегистрировано дистанционно',
  peakConcurrent: 'Максимум присутствовавших одновременно',
  attendanceByGroup: 'Посещаемость по группам заинтересованных сторон',
  speakingTime: 'Время выступлений',
  speeches: 'Выступления',
  total: 'Итого',
  byStakeholderGroup: 'Время выступлений по группам заинтересованных сторон',
  byParticipation: 'Время выступлений в зале и дистанционно',
  transcript: 'Стенограмма',
  captioners: 'Операторы субтитров',
  disclaimer:
    'Эта стенограмма подготовлена операторами субтитров в режиме реального времени и может не быть полностью дословной записью.',
  noTranscript: 'Стенограмма на этом языке отсутствует.',
  otherProceedings: 'Вне тем',
  unknownSpeaker: 'Неизвестный выступающий',
  downloads: 'Файлы для загрузки',
  download: 'Скачать',
  fileRecordJson: 'Отчет (JSON)',
  fileRecordHtml: 'Отчет (HTML)',
  fileTranscriptText: 'Стенограмма (простой текст)',
  fileWebVtt: 'Субтитры (WebVTT)',
  fileSrt: 'Субтитры (SRT)',
  fileBundle: 'Все файлы (ZIP)',
  fileSpeechesCsv: "Список выступающих (CSV)",
  fileRecordPdf: "Отчет (PDF)",
  attendees: "Список участников",
  noNamedAttendees: "Никто из участников не дал согласия на публикацию своего имени.",
  unnamedAttendees: "Участники без указания имени (не дали согласия на публикацию)",
  corrections: "Исправления перед архивированием",
  correctionsNote: "Секретариат исправил этот отчет перед архивированием. Исходные журналы сохранены без изменений.",
  secretariat: "Секретариат собрания",
  order: "№",
  attendanceModes: { room: 'В зале', remote: 'Дистанционно' },
  stakeholderGroups: {
    government: 'Правительства',
    private_sector: 'Частный сектор',
    civil_society: 'Гражданское общество',
    academic_technical: 'Академическое и техническое сообщество',
    intergovernmental: 'Межправительственные организации',
    international: 'Международные организации',
  },
  speechKinds: {
    intervention: 'Выступление',
    reply: 'Ответ',
    point_of_order: 'Вопрос по порядку ведения заседания',
  },
};

const zh: ExportLabels = {
  comma: '，',
  recordTitle: '会议记录',
  archiveTitle: "公开磋商会议档案",
  archiveIntro: "已归档会议的记录：各议题的发言人、字幕文字记录和出席情况，即提交给工作组的材料。",
  noArchivedMeetings: "尚无已归档的会议。",
  skipToContent: '跳至主要内容',
  otherLanguages: '其他语言',
  meetingDetails: '会议信息',
  venue: '地点',
  scheduled: '计划时间',
  opened: '开会',
  adjourned: '休会',
  archived: '归档',
  timeZone: '时区',
  groupMeeting: '工作组会议',
  language: '语言',
  topics: '议题',
  topic: '议题',
  proposedBy: '提议方',
  consultationInputs: '磋商文稿',
  compilationReport: '汇编报告',
  noInputs: '未收到任何文稿。',
  speakers: '发言者',
  noSpeakers: '无人就此议题发言。',
  name: '姓名',
  affiliation: '所属机构',
  country: '国家',
  stakeholderGroup: '利益攸关方群体',
  participation: '参会方式',
  kind: '发言类型',
  inReplyTo: '答复对象',
  began: '开始',
  ended: '结束',
  duration: '时长',
  durationNote: '时长不包括暂停时间。',
  title: '标题',
  author: '作者',
  attendance: '出席情况',
  registered: '已注册',
  attended: '已出席',
  registeredInRoom: '注册现场参会',
  registeredRemote: '注册远程参会',
  peakConcurrent: '同时出席最高人数',
  attendanceByGroup: '按利益攸关方群体分列的出席情况',
  speakingTime: '发言时间',
  speeches: '发言次数',
  total: '合计',
  byStakeholderGroup: '按利益攸关方群体分列的发言时间',
  byParticipation: '现场与远程发言时间',
  transcript: '文字记录',
  captioners: '字幕员',
  disclaimer: '本文字记录由人工字幕员实时制作，可能并非完全逐字的记录。',
  noTranscript: '没有该语言的文字记录。',
  otherProceedings: '议题之外',
  unknownSpeaker: '未知发言者',
  downloads: '下载',
  download: '下载',
  fileRecordJson: '记录（JSON）',
  fileRecordHtml: '记录（HTML）',
  fileTranscriptText: '文字记录（纯文本）',
  fileWebVtt: '字幕（WebVTT）',
  fileSrt: '字幕（SRT）',
  fileBundle: '全部文件（ZIP）',
  fileSpeechesCsv: "发言者名单（CSV）",
  fileRecordPdf: "记录（PDF）",
  attendees: "与会者名单",
  noNamedAttendees: "没有与会者同意公布其姓名。",
  unnamedAttendees: "未具名的与会者（未同意公布姓名）",
  corrections: "存档前的更正",
  correctionsNote: "秘书处在存档前更正了本记录。原始日志保持不变。",
  secretariat: "会议秘书处",
  order: "序号",
  attendanceModes: { room: '现场', remote: '远程' },
  stakeholderGroups: {
    government: '政府',
    private_sector: '私营部门',
    civil_society: '民间社会',
    academic_technical: '学术和技术界',
    intergovernmental: '政府间组织',
    international: '国际组织',
  },
  speechKinds: { intervention: '发言', reply: '答复', point_of_order: '程序问题' },
};

export const exportLabels: Readonly<Record<Language, ExportLabels>> = { en, ar, fr, es, ru, zh };

/** Each language's name in itself, for language switchers and file lists. */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  ar: 'العربية',
  zh: '中文',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};

export const labelsFor = (language: Language): ExportLabels => exportLabels[language];

export const isRtl = (language: Language): boolean => language === 'ar';
export const dirOf = (language: Language): 'rtl' | 'ltr' => (isRtl(language) ? 'rtl' : 'ltr');
