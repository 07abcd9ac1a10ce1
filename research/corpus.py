"""A synthetic catalogue for measuring: sources, agents, series, events, claims and evidence in
the proportions and scripts of the real one, the same rows for the same seed.

Everything is written through the bulk paths the imports use — `SearchableQuerySet.bulk_create`
builds `search_text`, `core.history.history_record_created` records the first version — so
the derived fields a reader's query depends on are there, as they would be after an import.
Speed comes from batching: primary keys are assigned here, so links can be built before the
rows are written and each record's search text is built once, in Python, with its agents.
"""

import calendar
import random
import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from catalogue.models import (
    Agent,
    AgentName,
    Language,
    Repository,
    Series,
    Source,
    SourceAgent,
    Work,
)
from catalogue.querysets import language_codes_key
from core.batching import batches
from core.bulk_load import search_structures_deferred
from core.history import history_record_created
from negotiations.models import Claim, Event, EventSource, Evidence, Stage, Strategy
from negotiations.source_links import source_stage_links_refresh
from research.services import founding_data_load

# Per source: agents, events, claims (per 100,000 sources: 3,000 / 2,000 / 1,000), and the share
# of sources that are evidence for a claim or document an event.
AGENTS_PER_SOURCE = 0.03
EVENTS_PER_SOURCE = 0.02
CLAIMS_PER_SOURCE = 0.01
EVIDENCE_SHARE = 0.30
EVENT_SOURCES = (2, 8)
DRAFT_SHARE = 0.03

YEAR_WEIGHTS = {1918: 3, 1919: 3, 1920: 4, 1921: 5, 1922: 7, 1923: 18, 1924: 30, 1925: 20, 1926: 10}
YEARS = list(YEAR_WEIGHTS)

# (Japanese, Russian in the prepositional after "о", English, Hepburn)
TOPICS = [
    (
        "北樺太撤兵",
        "об эвакуации Северного Сахалина",
        "the evacuation of North Sakhalin",
        "Kita-Karafuto teppei",
    ),
    (
        "北樺太石油利権",
        "о нефтяных концессиях на Северном Сахалине",
        "the North Sakhalin oil concessions",
        "Kita-Karafuto sekiyu riken",
    ),
    (
        "漁業条約改訂",
        "о пересмотре рыболовной конвенции",
        "revising the fisheries convention",
        "gyogyō jōyaku kaitei",
    ),
    ("尼港事件", "о Николаевском инциденте", "the Nikolaevsk incident", "Nikō jiken"),
    (
        "国交回復",
        "о восстановлении дипломатических отношений",
        "restoring diplomatic relations",
        "kokkō kaifuku",
    ),
    ("承認問題", "о признании СССР", "the recognition of the USSR", "shōnin mondai"),
    ("旧露国債務", "о долгах царского правительства", "the Tsarist debts", "kyū-Rokoku saimu"),
    (
        "共産主義宣伝禁止",
        "о запрещении коммунистической пропаганды",
        "banning communist propaganda",
        "kyōsan shugi senden kinshi",
    ),
    ("ポーツマス条約", "о Портсмутском договоре", "the Treaty of Portsmouth", "Pōtsumasu jōyaku"),
    ("森林利権", "о лесных концессиях", "the timber concessions", "shinrin riken"),
    ("露国避難民", "о русских беженцах", "the Russian refugees", "Rokoku hinanmin"),
    (
        "東支鉄道",
        "о Китайско-Восточной железной дороге",
        "the Chinese Eastern Railway",
        "Tōshi tetsudō",
    ),
    ("通商協定", "о торговом соглашении", "a trade agreement", "tsūshō kyōtei"),
    (
        "関東大震災",
        "о великом землетрясении Канто",
        "the Great Kantō earthquake",
        "Kantō daishinsai",
    ),
    (
        "レーニン号事件",
        "об инциденте с пароходом «Ленин»",
        "the steamer Lenin incident",
        "Rēnin-gō jiken",
    ),
    ("石炭利権", "об угольных концессиях", "the coal concessions", "sekitan riken"),
]

# (Japanese, Russian, English) of the places where agents sat and talks were held.
PLACES = [
    ("ウラジオストク", "Владивостоке", "Vladivostok"),
    ("哈爾浜", "Харбине", "Harbin"),
    ("北京", "Пекине", "Peking"),
    ("上海", "Шанхае", "Shanghai"),
    ("奉天", "Мукдене", "Mukden"),
    ("大連", "Дальнем", "Dairen"),
    ("長春", "Чанчуне", "Changchun"),
    ("東京", "Токио", "Tokyo"),
    ("熱海", "Атами", "Atami"),
    ("アレクサンドロフスク", "Александровске", "Aleksandrovsk"),
    ("チタ", "Чите", "Chita"),
    ("モスクワ", "Москве", "Moscow"),
]

# Japanese people: surname and given name as (kanji, Hepburn, Polivanov Cyrillic).
JA_SURNAMES = [
    ("芳沢", "Yoshizawa", "Ёсидзава"),
    ("松平", "Matsudaira", "Мацудайра"),
    ("川上", "Kawakami", "Каваками"),
    ("後藤", "Gotō", "Гото"),
    ("幣原", "Shidehara", "Сидэхара"),
    ("田中", "Tanaka", "Танака"),
    ("山本", "Yamamoto", "Ямамото"),
    ("内田", "Uchida", "Утида"),
    ("加藤", "Katō", "Като"),
    ("小村", "Komura", "Комура"),
    ("石井", "Ishii", "Исии"),
    ("本野", "Motono", "Мотоно"),
    ("佐藤", "Satō", "Сато"),
    ("松岡", "Matsuoka", "Мацуока"),
    ("杉村", "Sugimura", "Сугимура"),
    ("広田", "Hirota", "Хирота"),
    ("重光", "Shigemitsu", "Сигэмицу"),
    ("吉田", "Yoshida", "Ёсида"),
    ("出淵", "Debuchi", "Дэбути"),
    ("落合", "Ochiai", "Отиаи"),
    ("小幡", "Obata", "Обата"),
    ("埴原", "Hanihara", "Ханихара"),
    ("珍田", "Chinda", "Тинда"),
    ("林", "Hayashi", "Хаяси"),
    ("木村", "Kimura", "Кимура"),
    ("大久保", "Ōkubo", "Окубо"),
    ("田村", "Tamura", "Тамура"),
    ("清水", "Shimizu", "Симидзу"),
    ("武者小路", "Mushakōji", "Мусякодзи"),
    ("天羽", "Amō", "Амо"),
]
JA_GIVEN = [
    ("謙吉", "Kenkichi", "Кэнкити"),
    ("恒雄", "Tsuneo", "Цунэо"),
    ("新平", "Shinpei", "Симпэй"),
    ("喜重郎", "Kijūrō", "Кидзюро"),
    ("義一", "Giichi", "Гиити"),
    ("康哉", "Kōsai", "Косай"),
    ("友三郎", "Tomosaburō", "Томосабуро"),
    ("寿太郎", "Jutarō", "Дзютаро"),
    ("菊次郎", "Kikujirō", "Кикудзиро"),
    ("一郎", "Ichirō", "Итиро"),
    ("洋右", "Yōsuke", "Ёсукэ"),
    ("弘毅", "Kōki", "Коки"),
    ("茂", "Shigeru", "Сигэру"),
    ("勝男", "Katsuo", "Кацуо"),
    ("正夫", "Masao", "Масао"),
    ("健次", "Kenji", "Кэндзи"),
    ("達夫", "Tatsuo", "Тацуо"),
    ("清", "Kiyoshi", "Киёси"),
    ("俊一", "Toshikazu", "Тосикадзу"),
    ("為吉", "Tamekichi", "Тамэкити"),
]
# Soviet people: surname as (Cyrillic, customary English, katakana); given names likewise.
RU_SURNAMES = [
    ("Иоффе", "Joffe", "ヨッフェ"),
    ("Карахан", "Karakhan", "カラハン"),
    ("Чичерин", "Chicherin", "チチェリン"),
    ("Литвинов", "Litvinov", "リトヴィノフ"),
    ("Копп", "Kopp", "コップ"),
    ("Янсон", "Yanson", "ヤンソン"),
    ("Давтян", "Davtian", "ダヴチャン"),
    ("Беседовский", "Besedovsky", "ベセドフスキー"),
    ("Аболтин", "Aboltin", "アボルチン"),
    ("Краснощёков", "Krasnoshchekov", "クラスノシチョコフ"),
    ("Юренев", "Yurenev", "ユレーネフ"),
    ("Петров", "Petrov", "ペトロフ"),
    ("Иванов", "Ivanov", "イワノフ"),
    ("Смирнов", "Smirnov", "スミルノフ"),
    ("Кузнецов", "Kuznetsov", "クズネツォフ"),
    ("Попов", "Popov", "ポポフ"),
    ("Соколов", "Sokolov", "ソコロフ"),
    ("Лебедев", "Lebedev", "レベジェフ"),
    ("Козлов", "Kozlov", "コズロフ"),
    ("Новиков", "Novikov", "ノヴィコフ"),
    ("Морозов", "Morozov", "モロゾフ"),
    ("Волков", "Volkov", "ヴォルコフ"),
    ("Зиновьев", "Zinoviev", "ジノヴィエフ"),
    ("Рыков", "Rykov", "ルイコフ"),
    ("Ёлкин", "Yolkin", "ヨールキン"),
]
RU_GIVEN = [
    ("Адольф", "Adolf", "アドルフ"),
    ("Лев", "Lev", "レフ"),
    ("Георгий", "Georgy", "ゲオルギー"),
    ("Максим", "Maxim", "マクシム"),
    ("Виктор", "Viktor", "ヴィクトル"),
    ("Николай", "Nikolai", "ニコライ"),
    ("Иван", "Ivan", "イワン"),
    ("Сергей", "Sergei", "セルゲイ"),
    ("Александр", "Aleksandr", "アレクサンドル"),
    ("Михаил", "Mikhail", "ミハイル"),
    ("Владимир", "Vladimir", "ウラジーミル"),
    ("Павел", "Pavel", "パーヴェル"),
]
EN_SURNAMES = [
    ("Woods", "ウッズ", "Вудс"),
    ("Hughes", "ヒューズ", "Хьюз"),
    ("Schurman", "シャーマン", "Шурман"),
    ("Bell", "ベル", "Белл"),
    ("Grew", "グルー", "Грю"),
    ("Eliot", "エリオット", "Элиот"),
    ("Macleay", "マクレー", "Маклей"),
    ("Curzon", "カーゾン", "Керзон"),
    ("Kellogg", "ケロッグ", "Келлог"),
    ("Jones", "ジョーンズ", "Джонс"),
]
EN_GIVEN = [
    ("Cyrus", "サイラス", "Сайрус"),
    ("Charles", "チャールズ", "Чарльз"),
    ("Edward", "エドワード", "Эдвард"),
    ("Joseph", "ジョセフ", "Джозеф"),
    ("Jacob", "ジェイコブ", "Джейкоб"),
    ("Frank", "フランク", "Фрэнк"),
]
# Offices, each as (Japanese, Russian, English) with a place filled in.
OFFICES = [
    (
        "在{ja}日本総領事館",
        "Генеральное консульство Японии в {ru}",
        "Japanese Consulate-General at {en}",
    ),
    ("駐{ja}ソ連代表部", "Полпредство СССР в {ru}", "Soviet Mission at {en}"),
    ("{ja}日本商業会議所", "Японская торговая палата в {ru}", "Japanese Chamber of Commerce, {en}"),
]
GOVERNMENTS = [
    ("日本政府", "Правительство Японии", "Government of Japan"),
    ("ソヴィエト連邦政府", "Правительство СССР", "Government of the USSR"),
    (
        "外務人民委員部",
        "Народный комиссариат иностранных дел",
        "People's Commissariat for Foreign Affairs",
    ),
    (
        "極東共和国政府",
        "Правительство Дальневосточной республики",
        "Government of the Far Eastern Republic",
    ),
    ("中華民国北京政府", "Пекинское правительство Китая", "Peking Government of China"),
]

KINDS_JA = {
    "telegram": "電報",
    "instruction": "訓令",
    "report": "報告",
    "note": "公文",
    "memorandum": "覚書",
    "minutes": "会談録",
    "letter": "書簡",
    "treaty": "協定案",
    "regulation": "規則",
    "statement": "声明",
    "file": "綴",
    "article": "記事",
}
KINDS_RU = {
    "telegram": "Телеграмма",
    "instruction": "Инструкция",
    "report": "Доклад",
    "note": "Нота",
    "memorandum": "Меморандум",
    "minutes": "Запись беседы",
    "letter": "Письмо",
    "treaty": "Проект соглашения",
    "regulation": "Постановление",
    "statement": "Заявление",
    "file": "Дело",
    "article": "Статья",
}
VERBS_JA = [
    "について回答した",
    "について申し入れた",
    "について報告した",
    "につき訓令した",
    "に関し提案を行った",
    "に抗議した",
    "について意見を具申した",
]
VERBS_RU = ["сообщает", "докладывает", "пишет", "заявляет", "запрашивает мнение НКИД"]
VERBS_EN = [
    "reports on",
    "proposes terms on",
    "protests about",
    "gives instructions on",
    "replies regarding",
    "asks for views on",
]
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_RU_NOM = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]

# The series families: share of sources, language of their titles, kinds and their weights.
FAMILIES = {
    "ngb": (
        35,
        "ja",
        {
            "telegram": 50,
            "instruction": 10,
            "report": 10,
            "note": 10,
            "memorandum": 10,
            "minutes": 5,
            "letter": 5,
        },
    ),
    "gaimusho": (
        25,
        "ja",
        {
            "file": 30,
            "telegram": 30,
            "report": 15,
            "memorandum": 10,
            "minutes": 10,
            "regulation": 5,
        },
    ),
    "dvp": (
        20,
        "ru",
        {
            "note": 25,
            "telegram": 20,
            "letter": 15,
            "statement": 15,
            "minutes": 10,
            "memorandum": 10,
            "treaty": 5,
        },
    ),
    "frus": (10, "en", {"telegram": 50, "letter": 20, "memorandum": 15, "report": 15}),
    "press": (10, None, {"article": 1}),
}
# Newspapers as (slug, repository slug, repository name, title, English title, language).
NEWSPAPERS = [
    ("tokyo-asahi", "asahi-shimbun", "朝日新聞社", "東京朝日新聞", "Tokyo Asahi Shimbun", "ja"),
    (
        "osaka-mainichi",
        "mainichi-shimbun",
        "大阪毎日新聞社",
        "大阪毎日新聞",
        "Osaka Mainichi Shimbun",
        "ja",
    ),
    ("izvestiia", "izvestiia", "Известия ЦИК СССР", "Известия", "Izvestiia", "ru"),
    ("pravda", "pravda", "Правда", "Правда", "Pravda", "ru"),
    (
        "japan-times",
        "japan-times",
        "The Japan Times",
        "The Japan Times and Mail",
        "The Japan Times",
        "en",
    ),
]
# Parents and repositories the founding data provides; created minimal when absent.
REPOSITORIES = {
    "gaimusho-shiryokan": (
        "外務省外交史料館",
        "Diplomatic Archives of the Ministry of Foreign Affairs",
    ),
    "gaimusho": ("外務省", "Ministry of Foreign Affairs of Japan"),
    "mid-sssr": ("МИД СССР", "Ministry of Foreign Affairs of the USSR"),
    "us-office-of-the-historian": ("Office of the Historian", "Office of the Historian"),
}
PARENTS = {
    "ngb": ("gaimusho", "published_series", "日本外交文書", "Documents on Japanese Foreign Policy"),
    "gaimusho": ("gaimusho-shiryokan", "record_group", "外務省記録", "Gaimushō records"),
    "dvp": (
        "mid-sssr",
        "published_series",
        "Документы внешней политики СССР",
        "Documents on the Foreign Policy of the USSR",
    ),
    "frus": (
        "us-office-of-the-historian",
        "published_series",
        "Foreign Relations of the United States",
        "Foreign Relations of the United States",
    ),
}
FAMILY_PARENT_SLUG = {
    "ngb": "ngb",
    "gaimusho": "gaimusho-kiroku",
    "dvp": "dvp",
    "frus": "frus",
}
RECORD_GROUPS = [
    "日露国交回復交渉一件",
    "北樺太石油利権問題一件",
    "日露漁業条約改訂一件",
    "尼港事件一件",
    "露国革命一件",
    "本邦対露政策雑纂",
]
BATCH = 2000


@dataclass
class CorpusReport:
    """What was written, and how long it took."""

    seed: int
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
        return f"Corpus (seed {self.seed}) in {self.seconds:.1f} s: {parts}."


class CorpusExists(Exception):
    """A corpus with this seed is already in the database."""


def corpus_prefix(seed: int) -> str:
    """The slug and identifier prefix of one seed's rows: they never collide with real ones."""
    return f"corpus{seed}"


def corpus_sources(seed: int):
    """The generated sources of one seed."""
    return Source.objects.filter(external_id__startswith=f"{corpus_prefix(seed)}/")


@transaction.atomic
def corpus_generate(
    *,
    sources: int,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
) -> CorpusReport:
    """Write a synthetic corpus of `sources` sources with their agents, series, events, claims
    and evidence; the same seed gives the same rows. Refuses (CorpusExists) to write a seed twice.

    Primary keys are assigned here (sequences are reset afterwards), so run it on a database
    nobody else is writing to.
    """
    if sources < 1:
        raise ValueError("sources must be at least 1")
    if corpus_sources(seed).exists():
        raise CorpusExists(f"A corpus with seed {seed} is already in the database.")
    started = time.perf_counter()
    report = CorpusReport(seed=seed)
    _Writer(seed=seed, sources=sources, progress=progress or _silent, report=report).run()
    report.seconds = time.perf_counter() - started
    return report


def _silent(step: str, done: int, total: int) -> None:
    pass


def _next_pk(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _prefetched(obj, name: str, rows: list, order) -> None:
    # What prefetch_related leaves behind, in the model's ordering: search_parts() then reads
    # the related rows from memory, and writes the text `refresh_search_text()` would write.
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = sorted(rows, key=order)


def _by_slug(agent: Agent) -> str:
    return agent.slug


def _name_order(name: AgentName) -> tuple:
    return (not name.preferred, name.language, name.value)


class _Writer:
    def __init__(self, *, seed: int, sources: int, progress, report: CorpusReport):
        self.rng = random.Random(seed)
        self.prefix = corpus_prefix(seed)
        self.total = sources
        self.progress = progress
        self.report = report

    def run(self) -> None:
        if not Stage.objects.exists():
            founding_data_load()
        self.languages = self._languages()
        self.stages = list(Stage.objects.order_by("date_start", "pk"))
        self.strategies = list(Strategy.objects.prefetch_related("stages"))
        self.works = list(Work.objects.order_by("pk"))
        self.series = self._series()
        self.agents = self._agents()
        # A corpus's sources are indexed faster in one pass than batch by batch.
        with search_structures_deferred(Source, rows=self.total):
            self.source_rows = self._sources()
        self.events = self._events()
        self._claims()
        self._reset_sequences()
        # Bulk writes bypass the write paths that keep the derived stage and strategy links.
        source_stage_links_refresh()

    # Reference rows ----------------------------------------------------------------------
    def _languages(self) -> dict:
        names = {
            "en": ("English", "英語"),
            "ja": ("Japanese", "日本語"),
            "ru": ("Russian", "ロシア語"),
            "zh": ("Chinese", "中国語"),
        }
        found = {}
        for code, (name, name_ja) in names.items():
            found[code], _ = Language.objects.get_or_create(
                code=code, defaults={"name": name, "name_ja": name_ja}
            )
        return found

    def _repository(self, slug: str, name: str, name_en: str) -> Repository:
        repository, _ = Repository.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
        return repository

    def _parent(self, family: str) -> Series:
        repository_slug, kind, title, title_en = PARENTS[family]
        repository = self._repository(repository_slug, *REPOSITORIES[repository_slug])
        parent, _ = Series.objects.get_or_create(
            slug=FAMILY_PARENT_SLUG[family],
            defaults={"repository": repository, "kind": kind, "title": title, "title_en": title_en},
        )
        return parent

    def _series(self) -> dict:
        """Volumes per year (外文, ДВП, FRUS), Gaimushō record groups, newspapers."""
        p, rows = self.prefix, []
        parents = {family: self._parent(family) for family in PARENTS}

        def add(family, key, parent, **values):
            rows.append(
                (family, key, Series(parent=parent, repository_id=parent.repository_id, **values))
            )

        for year in YEARS:
            era = year - 1911
            for volume in (1, 2):
                add(
                    "ngb",
                    year,
                    parents["ngb"],
                    slug=f"{p}-ngb-t{era}-{volume}",
                    kind="volume",
                    title=f"日本外交文書 大正{era}年 第{volume}冊",
                    title_en=f"Documents on Japanese Foreign Policy, Taishō {era}, vol. {volume}",
                    title_romanized=f"Nihon gaikō bunsho Taishō {era}-nen dai {volume} satsu",
                    abbreviation="外文",
                    year=year,
                    order=year * 10 + volume,
                )
            number = ROMAN[year - 1918]
            add(
                "dvp",
                year,
                parents["dvp"],
                slug=f"{p}-dvp-{year - 1917:02d}",
                kind="volume",
                title=f"Документы внешней политики СССР, том {number} ({year} г.)",
                title_en=f"Documents on the Foreign Policy of the USSR, vol. {number}",
                abbreviation="ДВП",
                year=year,
                order=year * 10,
            )
            for volume in (1, 2):
                add(
                    "frus",
                    year,
                    parents["frus"],
                    slug=f"{p}-frus{year}v0{volume}",
                    kind="volume",
                    title=f"Papers Relating to the Foreign Relations of the United States, {year}, "
                    f"Volume {ROMAN[volume - 1]}",
                    abbreviation="FRUS",
                    year=year,
                    order=year * 10 + volume,
                )
        groups = max(4, self.total // 2500)
        for k in range(groups):
            name = RECORD_GROUPS[k % len(RECORD_GROUPS)]
            add(
                "gaimusho",
                None,
                parents["gaimusho"],
                slug=f"{p}-gaimusho-{k + 1}",
                kind="record_group",
                title=f"{name} 第{k // len(RECORD_GROUPS) + 1}巻",
                abbreviation="外務省記録",
                order=k,
            )
        for slug, repo_slug, repo_name, title, title_en, language in NEWSPAPERS:
            repository = self._repository(repo_slug, repo_name, title_en)
            rows.append(
                (
                    "press",
                    language,
                    Series(
                        repository=repository,
                        slug=f"{p}-{slug}",
                        kind="newspaper",
                        title=title,
                        title_en=title_en,
                        order=900,
                    ),
                )
            )
        created = Series.objects.bulk_create([series for _, _, series in rows])
        history_record_created(Series, created, batch_size=BATCH)
        self.report.counts["series"] = len(created)
        by_key: dict = {}
        for family, key, series in rows:
            by_key.setdefault((family, key), []).append(series)
        return by_key

    # Agents --------------------------------------------------------------------------------
    def _agent_names(self, nationality: str) -> tuple[str, list[tuple]]:
        """An agent's kind and names as (value, language, script, transliteration, preferred)."""
        rng = self.rng
        if nationality == "ja":
            (sk, sr, sc), (gk, gr, gc) = rng.choice(JA_SURNAMES), rng.choice(JA_GIVEN)
            return "person", [
                (f"{sk}{gk}", "ja", "Jpan", "", True),
                (f"{sr} {gr}", "ja", "Latn", "Hepburn", False),
                (f"{gr} {sr}", "en", "Latn", "customary", True),
                (f"{sc} {gc}", "ru", "Cyrl", "Polivanov", True),
            ]
        if nationality == "ru":
            (sc, se, sk), (gc, ge, gk) = rng.choice(RU_SURNAMES), rng.choice(RU_GIVEN)
            return "person", [
                (f"{gc} {sc}", "ru", "Cyrl", "", True),
                (sc, "ru", "Cyrl", "", False),
                (f"{ge} {se}", "en", "Latn", "customary", True),
                (f"{gk}・{sk}", "ja", "Jpan", "", True),
            ]
        if nationality == "en":
            (se, sk, sc), (ge, gk, gc) = rng.choice(EN_SURNAMES), rng.choice(EN_GIVEN)
            return "person", [
                (f"{ge} {se}", "en", "Latn", "", True),
                (f"{gk}・{sk}", "ja", "Jpan", "", True),
                (f"{gc} {sc}", "ru", "Cyrl", "", True),
            ]
        if nationality == "gov":
            ja, ru, en = rng.choice(GOVERNMENTS)
            kind = "government"
        else:
            template, place = rng.choice(OFFICES), rng.choice(PLACES)
            ja, ru, en = (t.format(ja=place[0], ru=place[1], en=place[2]) for t in template)
            kind = "organisation"
        return kind, [
            (ja, "ja", "Jpan", "", True),
            (ru, "ru", "Cyrl", "", True),
            (en, "en", "Latn", "", True),
        ]

    def _agents(self) -> dict:
        """Agents by nationality, each with names in three scripts; a few appear very often."""
        count = max(6, round(self.total * AGENTS_PER_SOURCE))
        nationalities = self.rng.choices(
            ["ja", "ru", "en", "org", "gov"], weights=[45, 33, 8, 12, 2], k=count
        )
        first_pk = _next_pk(Agent)
        agents, names = [], []
        by_nationality: dict = {}
        for i, nationality in enumerate(nationalities):
            kind, agent_names = self._agent_names(nationality)
            agent = Agent(pk=first_pk + i, slug=f"{self.prefix}-agent-{i + 1}", kind=kind)
            rows = [
                AgentName(
                    agent=agent,
                    value=value,
                    language=language,
                    script=script,
                    transliteration=scheme,
                    preferred=preferred,
                )
                for value, language, script, scheme, preferred in agent_names
            ]
            _prefetched(agent, "names", rows, _name_order)
            agents.append(agent)
            names.extend(rows)
            # Organisations sit with the Japanese side, governments with the Soviet one: enough
            # for who writes to whom to look plausible.
            group = {"org": "ja", "gov": "ru"}.get(nationality, nationality)
            by_nationality.setdefault(group, []).append(agent)
        for batch in batches(agents, BATCH):
            Agent.objects.bulk_create(batch)
            history_record_created(Agent, batch, batch_size=BATCH)
        for batch in batches(names, 5000):
            AgentName.objects.bulk_create(batch)
        self.progress("agents", len(agents), len(agents))
        self.report.counts["agents"] = len(agents)
        self.report.counts["agent names"] = len(names)
        # Zipf-like weights: the few ambassadors and commissars sign most documents.
        return {key: (rows, _zipf_cumulative(len(rows))) for key, rows in by_nationality.items()}

    def _pick_agents(self, language: str, k: int) -> list:
        """k distinct agents: the first of the document's side, the others of either side."""
        rng, picked = self.rng, []
        group = language
        while len(picked) < k:
            rows, cumulative = self.agents.get(group) or next(iter(self.agents.values()))
            agent = rng.choices(rows, cum_weights=cumulative)[0]
            if agent not in picked:
                picked.append(agent)
            group = rng.choices(["ja", "ru", "en"], weights=[45, 45, 10])[0]
        return picked

    # Sources -------------------------------------------------------------------------------
    def _date(self, year: int, language: str) -> dict:
        """Date columns: mostly to the day, some to the month or year, a few undated."""
        rng = self.rng
        precision = rng.choices(["day", "month", "year", ""], weights=[78, 12, 6, 4])[0]
        if not precision:
            return {}
        month, day = rng.randint(1, 12), 1
        last = calendar.monthrange(year, month)[1]
        if precision == "day":
            day = rng.randint(1, last)
            start = end = date(year, month, day)
        elif precision == "month":
            start, end = date(year, month, 1), date(year, month, last)
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        approximate = rng.random() < 0.05
        return {
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "date_approximate": approximate,
            "date_original": _date_written(start, precision, approximate, language),
        }

    def _source(self, i: int, pk: int, counters: dict) -> tuple[Source, list, list[str]]:
        rng = self.rng
        family = rng.choices(list(FAMILIES), weights=[f[0] for f in FAMILIES.values()])[0]
        _, language, kinds = FAMILIES[family]
        year = rng.choices(YEARS, weights=list(YEAR_WEIGHTS.values()))[0]
        if family == "gaimusho":
            series = rng.choice(self.series[("gaimusho", None)])
        elif family == "press":
            language = rng.choices(["ja", "ru", "en"], weights=[60, 25, 15])[0]
            series = rng.choice(self.series[("press", language)])
        else:
            series = rng.choice(self.series[(family, year)])
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        number = counters.get(series.slug, 0) + 1
        counters[series.slug] = number
        page = counters.get((series.slug, "page"), rng.randint(1, 20))
        length = rng.choices([0, 1, 2, 5], weights=[50, 30, 15, 5])[0]
        counters[(series.slug, "page")] = page + length + 1
        pages = str(page) if not length else f"{page}–{page + length}"
        agents = self._pick_agents(language, rng.choice((2, 2, 3)))
        codes = [language]
        if rng.random() < 0.12:
            codes.append(rng.choice([c for c in ("ja", "ru", "en", "zh") if c != language]))
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        source = Source(
            pk=pk,
            series=series,
            number=(
                f"2.5.1.{105 + len(series.slug) % 7}-{number}"
                if family == "gaimusho"
                else f"第{number}号"
                if family == "press" and language == "ja"
                else f"№ {number}"
                if family == "press" and language == "ru"
                else str(number)
            ),
            pages=pages,
            kind=kind,
            external_id=f"{self.prefix}/{i + 1}",
            status="draft" if rng.random() < DRAFT_SHARE else "published",
            # What SourceQuerySet.refresh_side() stores: the first author's, else the archive's.
            side=agents[0].side or series.repository.side,
            # What SourceQuerySet.refresh_language_codes() stores for the links written below.
            language_codes=language_codes_key(codes),
            **self._texts(language, kind, agents, topic, place),
            **self._date(year, language),
        )
        _prefetched(source, "agents", agents, _by_slug)
        return source, agents, codes

    def _texts(self, language: str, kind: str, agents: list, topic: tuple, place: tuple) -> dict:
        rng = self.rng
        a, b = agents[0], agents[1]
        ja_a, ja_b = a.preferred_name("ja"), b.preferred_name("ja")
        ru_a, ru_b = a.preferred_name("ru"), b.preferred_name("ru")
        en_a, en_b = a.preferred_name("en"), b.preferred_name("en")
        title_en = f"{kind.capitalize()} from {en_a} to {en_b} on {topic[2]}"
        summary_en = f"{en_a} {rng.choice(VERBS_EN)} {topic[2]} ({place[2]})."
        if language == "ja":
            title = rng.choice(
                [
                    f"{topic[0]}ニ関スル件",
                    f"{place[0]}ニ於ケル{topic[0]}ノ件",
                    f"{ja_a}発{ja_b}宛{KINDS_JA[kind]} {topic[0]}ニ関スル件",
                    f"{topic[0]}についての{KINDS_JA[kind]}",
                ]
            )
            summary = f"{ja_a}は{ja_b}に対し、{topic[0]}{rng.choice(VERBS_JA)}。{summary_en}"
            romanized = f"{topic[3]} ni kansuru ken"
        elif language == "ru":
            title = f"{KINDS_RU[kind]} {ru_a} — {ru_b} {topic[1]}"
            summary = f"{ru_a} {rng.choice(VERBS_RU)} {topic[1]} (в {place[1]}). {summary_en}"
            romanized = ""
        else:
            title, summary, romanized = title_en, summary_en, ""
            title_en = ""
        return {
            "title": title,
            "title_en": title_en,
            "title_romanized": romanized,
            "summary": summary,
        }

    def _sources(self) -> list[tuple]:
        """Sources in batches with their history, agents and languages; returns a compact
        (date_start ordinal, pk, stage index) per source for linking events and claims."""
        first_pk = _next_pk(Source)
        counters: dict = {}
        compact = []
        through = Source.languages.through
        links = agents = 0
        for start in range(0, self.total, BATCH):
            rows = [
                self._source(i, first_pk + i, counters)
                for i in range(start, min(start + BATCH, self.total))
            ]
            batch = [source for source, _, _ in rows]
            Source.objects.bulk_create(batch)
            history_record_created(Source, batch, batch_size=BATCH)
            roles = ("author", "recipient", "mentioned")
            source_agents = [
                SourceAgent(source_id=s.pk, agent_id=agent.pk, role=roles[n], order=0)
                for s, linked, _ in rows
                for n, agent in enumerate(linked)
            ]
            SourceAgent.objects.bulk_create(source_agents)
            agents += len(source_agents)
            languages = [
                through(source_id=s.pk, language_id=code) for s, _, codes in rows for code in codes
            ]
            through.objects.bulk_create(languages)
            links += len(languages)
            compact.extend(
                (s.date_start.toordinal() if s.date_start else 0, s.pk, self._stage_of(s))
                for s in batch
            )
            self.progress("sources", start + len(batch), self.total)
        self.report.counts["sources"] = self.total
        self.report.counts["source agents"] = agents
        self.report.counts["source languages"] = links
        compact.sort()
        return compact

    def _stage_of(self, dated) -> int | None:
        for index, stage in enumerate(self.stages):
            if dated.date_start and stage.covers(dated.date_start, dated.date_end):
                return index
        return None

    # Events, claims, evidence ----------------------------------------------------------------
    def _near(self, day: int, k: int) -> list[int]:
        """Primary keys of k sources dated close to the ordinal `day`."""
        position = bisect_left(self.source_rows, (day,))
        low = max(0, position - 3 * k)
        window = self.source_rows[low : position + 3 * k] or self.source_rows
        return [row[1] for row in self.rng.sample(window, min(k, len(window)))]

    def _events(self) -> list:
        rng = self.rng
        count = max(2, round(self.total * EVENTS_PER_SOURCE))
        first_pk = _next_pk(Event)
        events, event_sources, actors = [], [], []
        for i in range(count):
            year = rng.choices(YEARS, weights=list(YEAR_WEIGHTS.values()))[0]
            topic, place = rng.choice(TOPICS), rng.choice(PLACES)
            people = self._pick_agents(rng.choice(["ja", "ru"]), rng.randint(1, 3))
            dates = (
                self._date(year, "ja")
                or self._date(year, "ja")
                or {
                    "date_start": date(year, 1, 1),
                    "date_end": date(year, 12, 31),
                    "date_precision": "year",
                    "date_original": f"大正{year - 1911}年",
                }
            )
            event = Event(
                pk=first_pk + i,
                title=f"{place[0]}に於ける{topic[0]}会談",
                title_en=f"Talks on {topic[2]} at {place[2]}",
                description=f"{people[0].preferred_name('ja')}らが{topic[0]}を協議。"
                f"{people[0].preferred_name('ru')}: {topic[1]}.",
                status="published",
                **dates,
            )
            stage = self._stage_of(event)
            event.stage = self.stages[stage] if stage is not None else None
            _prefetched(event, "actors", people, _by_slug)
            events.append(event)
            actors.extend(Event.actors.through(event_id=event.pk, agent_id=a.pk) for a in people)
            for n, source_pk in enumerate(
                self._near(event.date_start.toordinal(), rng.randint(*EVENT_SOURCES))
            ):
                event_sources.append(
                    EventSource(event_id=event.pk, source_id=source_pk, locator=f"§{n + 1}")
                )
        for batch in batches(events, BATCH):
            Event.objects.bulk_create(batch)
            history_record_created(Event, batch, batch_size=BATCH)
        Event.actors.through.objects.bulk_create(actors, batch_size=5000)
        EventSource.objects.bulk_create(event_sources, batch_size=5000)
        self.progress("events", count, count)
        self.report.counts["events"] = count
        self.report.counts["event sources"] = len(event_sources)
        return events

    def _claims(self) -> None:
        rng = self.rng
        count = max(2, round(self.total * CLAIMS_PER_SOURCE))
        first_pk = _next_pk(Claim)
        claims, stage_links, strategy_links, event_links = [], [], [], []
        by_stage: dict = {}
        events_by_stage: dict = {}
        for event in self.events:
            events_by_stage.setdefault(event.stage_id, []).append(event.pk)
        for i in range(count):
            stage_index = rng.randrange(len(self.stages)) if self.stages else None
            stage = self.stages[stage_index] if stage_index is not None else None
            strategies = [s for s in self.strategies if stage in s.stages.all()] or self.strategies
            chosen = rng.sample(strategies, min(len(strategies), rng.choice((1, 1, 2))))
            topic = rng.choice(TOPICS)
            strategy_ja = "・".join(s.name for s in chosen) or "交渉"
            strategy_en = " and ".join(s.name_en for s in chosen) or "negotiating"
            claim = Claim(
                pk=first_pk + i,
                work=rng.choice(self.works),
                pages=str(rng.randint(1, 300)),
                text=f"{topic[0]}をめぐる交渉には{strategy_ja}の戦略が見られる。",
                text_en=f"The talks on {topic[2]} show the {strategy_en} strategy.",
                status="published",
            )
            claims.append(claim)
            if stage is not None:
                stage_links.append(Claim.stages.through(claim_id=claim.pk, stage_id=stage.pk))
                by_stage.setdefault(stage_index, []).append(claim.pk)
            strategy_links.extend(
                Claim.strategies.through(claim_id=claim.pk, strategy_id=s.pk) for s in chosen
            )
            candidates = events_by_stage.get(stage.pk if stage else None, [])
            event_links.extend(
                Claim.events.through(claim_id=claim.pk, event_id=pk)
                for pk in rng.sample(candidates, min(len(candidates), rng.randint(0, 3)))
            )
        Claim.objects.bulk_create(claims, batch_size=BATCH)
        history_record_created(Claim, claims, batch_size=BATCH)
        for through, rows in (
            (Claim.stages.through, stage_links),
            (Claim.strategies.through, strategy_links),
            (Claim.events.through, event_links),
        ):
            through.objects.bulk_create(rows, batch_size=5000)
        # Evidence on ~30 % of sources: a source backs a claim about the stage it falls in.
        all_claims = [claim.pk for claim in claims]
        evidence = []
        picked = rng.sample(self.source_rows, round(len(self.source_rows) * EVIDENCE_SHARE))
        for _, source_pk, stage_index in picked:
            claim_pk = rng.choice(by_stage.get(stage_index) or all_claims)
            evidence.append(
                Evidence(
                    claim_id=claim_pk,
                    source_id=source_pk,
                    relation=rng.choices(
                        ["supports", "qualifies", "contradicts", "context"],
                        weights=[75, 10, 5, 10],
                    )[0],
                    locator=f"p. {rng.randint(1, 40)}",
                    footnote=f"n.{rng.randint(1, 120)}",
                )
            )
        for batch in batches(evidence, 5000):
            created = Evidence.objects.bulk_create(batch)
            history_record_created(Evidence, created, batch_size=BATCH)
        # A claim's text reads its work, stages, strategies and its sources' agents, all linked
        # only now (about one claim per hundred sources: a refresh of its own is cheap).
        Claim.objects.filter(pk__in=all_claims).refresh_search_text()
        self.progress("claims", count, count)
        self.report.counts["claims"] = count
        self.report.counts["evidence"] = len(evidence)

    def _reset_sequences(self) -> None:
        # Rows were written with explicit keys; the next ordinary insert must not collide.
        statements = connection.ops.sequence_reset_sql(no_style(), [Agent, Source, Event, Claim])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _zipf_cumulative(n: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(n):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return cumulative


def _date_written(start: date, precision: str, approximate: bool, language: str) -> str:
    """The date as the document writes it: 大正13年5月10日, 10 мая 1924 г., May 10, 1924."""
    if language == "ja":
        era, year = (
            ("昭和", start.year - 1925)
            if start >= date(1926, 12, 25)
            else ("大正", start.year - 1911)
        )
        text = f"{era}{'元' if year == 1 else year}年"
        if precision in ("month", "day"):
            text += f"{start.month}月"
        if precision == "day":
            text += f"{start.day}日"
        return f"{text}頃" if approximate else text
    if language == "ru":
        text = {
            "day": f"{start.day} {MONTHS_RU[start.month - 1]} {start.year} г.",
            "month": f"{MONTHS_RU_NOM[start.month - 1]} {start.year} г.",
            "year": f"{start.year} г.",
        }[precision]
        return f"ок. {text}" if approximate else text
    text = {
        "day": f"{calendar.month_name[start.month]} {start.day}, {start.year}",
        "month": f"{calendar.month_name[start.month]} {start.year}",
        "year": str(start.year),
    }[precision]
    return f"c. {text}" if approximate else text
