"""The Secretariat's spreadsheet of relations (各特別区と全国市町村等連携事業一覧) in and out of the admin.

One row is one relation: 区 | 都道府県 | 自治体 | 団体コード | 関係の種類 | 開始日 | 内容 | 出典. Export writes the
same columns, so an exported file can be edited and imported again. On import:
- a municipality is found by 団体コード when given, else by name within 都道府県 (or unique in the country);
  an unknown name is reported with candidates from the master list by name and reading;
- the same relation twice in one file (same 区, 自治体 and 種類) is one relation: the later rows fill the first
  row's empty cells and are reported as merged;
- a row with an error is reported (line number, column, message in Japanese) and not stored; the others are.
Rows are keyed on (区, 自治体, 種類), as the seed loader keys them, so a relation already recorded is updated.
"""

from __future__ import annotations

from dataclasses import dataclass

from import_export import fields, resources, widgets
from import_export.formats import base_formats

from core import wareki
from municipalities.models import ExchangeRelation, Municipality, Ward
from municipalities.naming import MunicipalityIndex, normalize_name

COLUMNS = ["区", "都道府県", "自治体", "団体コード", "関係の種類", "開始日", "内容", "出典"]
KEY_COLUMNS = ["区", "都道府県", "自治体", "団体コード", "関係の種類"]

# Words people write for a kind, besides its label (友好都市・姉妹都市) and its key (friendship).
KIND_SYNONYMS = {
    "友好都市": ExchangeRelation.Kind.FRIENDSHIP,
    "姉妹都市": ExchangeRelation.Kind.FRIENDSHIP,
    "友好交流都市": ExchangeRelation.Kind.FRIENDSHIP,
    "災害協定": ExchangeRelation.Kind.DISASTER_AID,
    "災害時応援協定": ExchangeRelation.Kind.DISASTER_AID,
    "相互応援協定": ExchangeRelation.Kind.DISASTER_AID,
    "交流": ExchangeRelation.Kind.EXCHANGE,
    "連携": ExchangeRelation.Kind.PROJECT,
}


class WardWidget(widgets.Widget):
    """区 by name (品川区, 品川) or 団体コード (131091)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._wards: dict[str, Ward] | None = None

    def wards(self) -> dict[str, Ward]:
        if self._wards is None:
            self._wards = {}
            for ward in Ward.objects.select_related("municipality"):
                for key in (ward.municipality.name, ward.municipality.name.removesuffix("区"), ward.pk):
                    self._wards[key] = ward
        return self._wards

    def clean(self, value, row=None, **kwargs):
        name = normalize_name(str(value or ""))
        if not name:
            raise ValueError("区を入力してください。")
        ward = self.wards().get(name)
        if ward is None:
            raise ValueError(f"「{value}」は23区の区名ではありません。")
        return ward

    def render(self, value, obj=None, **kwargs):
        return value.municipality.name if value else ""


class MunicipalityWidget(widgets.Widget):
    """自治体 by 団体コード, or by name within 都道府県; errors name the candidates of the master list."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._index: MunicipalityIndex | None = None

    @property
    def index(self) -> MunicipalityIndex:
        if self._index is None:
            self._index = MunicipalityIndex()
        return self._index

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        name = normalize_name(str(value or ""))
        prefecture = normalize_name(str(row.get("都道府県") or ""))
        code = normalize_name(str(row.get("団体コード") or ""))
        if code:
            municipality = self.index.by_code.get(code.zfill(6))
            if municipality is None:
                raise ValueError(f"団体コード「{code}」は自治体マスタにありません。")
            if name and normalize_name(municipality.name) != name:
                raise ValueError(
                    f"団体コード{municipality.code}は{municipality.prefecture.name}{municipality.name}です"
                    f"（自治体「{value}」と一致しません）。"
                )
            return municipality
        if not name:
            raise ValueError("自治体を入力してください。")
        if prefecture and prefecture not in self.index.prefectures:
            raise ValueError(f"都道府県「{row.get('都道府県')}」は都道府県名ではありません。")
        municipality = self.index.get(name, prefecture)
        if municipality is not None:
            return municipality
        same = self.index.same_name(name)
        if not prefecture and len(same) > 1:
            places = "、".join(m.prefecture.name for m in same)
            raise ValueError(f"「{value}」は複数の都道府県にあります（{places}）。都道府県を入力してください。")
        where = f"{prefecture}の" if prefecture else ""
        candidates = self.index.candidates(name, prefecture)
        hint = f"候補：{'／'.join(str(c) for c in candidates)}" if candidates else "似た名前の自治体も見つかりません。"
        raise ValueError(f"{where}「{value}」は自治体マスタにありません。{hint}")

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class KindWidget(widgets.Widget):
    """関係の種類 by its label (友好都市・姉妹都市), a usual word for it (姉妹都市, 災害協定) or its key."""

    def clean(self, value, row=None, **kwargs):
        text = normalize_name(str(value or ""))
        if not text:
            raise ValueError("関係の種類を入力してください。")
        for kind, label in ExchangeRelation.Kind.choices:
            if text in (kind, normalize_name(label)):
                return kind
        if text in KIND_SYNONYMS:
            return KIND_SYNONYMS[text].value
        labels = "／".join(label for _kind, label in ExchangeRelation.Kind.choices)
        raise ValueError(f"関係の種類「{value}」は使えません（{labels}のいずれか）。")

    def render(self, value, obj=None, **kwargs):
        return ExchangeRelation.Kind(value).label if value else ""


class JapaneseDateWidget(widgets.Widget):
    """開始日 as 2015-11-18, 平成27年11月, 令和7年度 … (see wareki.parse_date)."""

    def clean(self, value, row=None, **kwargs):
        return wareki.parse_date(value)


class SinceField(fields.Field):
    """開始日 fills both `since` and `since_precision`, and is written as the portal shows it
    (平成27年（2015年）11月18日), which the import reads back."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        parsed = self.clean(row, **kwargs)
        instance.since, instance.since_precision = parsed if parsed else (None, wareki.DAY)

    def export(self, instance, **kwargs):
        return wareki.format_date(instance.since, instance.since_precision) if instance.since else ""


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class MergedRow:
    line: int  # the spreadsheet line (the header is line 1)
    into_line: int
    conflicts: tuple[str, ...]  # columns whose differing value was dropped (the first row's is kept)

    def __str__(self) -> str:
        text = f"{self.line}行目は{self.into_line}行目と同じ交流関係のため、1件にまとめました。"
        if self.conflicts:
            text += f"（{'・'.join(self.conflicts)}は{self.into_line}行目の値を使いました）"
        return text


# A row's errors are keyed by model field (or __all__); the report names the spreadsheet's column.
COLUMN_OF = {
    "ward": "区", "municipality": "自治体", "kind": "関係の種類", "since": "開始日", "since_precision": "開始日",
    "description": "内容", "source": "出典",
}


@dataclass(frozen=True)
class RowError:
    line: int
    messages: tuple[tuple[str, str], ...]  # (column, message in Japanese)
    values: tuple

    def __str__(self) -> str:
        return f"{self.line}行目：" + "／".join(f"{column}：{message}" for column, message in self.messages)


def spreadsheet_line(row_number: int) -> int:
    """import-export numbers data rows from 1; the spreadsheet has its header on line 1."""
    return row_number + 1


class ExchangeRelationResource(resources.ModelResource):
    ward = fields.Field(attribute="ward", column_name="区", widget=WardWidget())
    prefecture = fields.Field(attribute="municipality__prefecture__name", column_name="都道府県", readonly=True)
    municipality = fields.Field(attribute="municipality", column_name="自治体", widget=MunicipalityWidget())
    code = fields.Field(attribute="municipality__code", column_name="団体コード", readonly=True)
    kind = fields.Field(attribute="kind", column_name="関係の種類", widget=KindWidget())
    since = SinceField(attribute="since", column_name="開始日", widget=JapaneseDateWidget())
    description = fields.Field(attribute="description", column_name="内容", widget=TextWidget())
    source = fields.Field(attribute="source", column_name="出典", widget=TextWidget())

    class Meta:
        model = ExchangeRelation
        fields = ["ward", "prefecture", "municipality", "code", "kind", "since", "description", "source"]
        export_order = fields
        import_id_fields = ["ward", "municipality", "kind"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.merged: dict[int, MergedRow] = {}
        self.row_number = 0

    @classmethod
    def get_display_name(cls) -> str:
        return "区との交流関係（各特別区と全国市町村等連携事業一覧）"

    def get_queryset(self):
        return ExchangeRelation.objects.select_related("ward__municipality", "municipality__prefecture")

    def get_export_headers(self, selected_fields=None):
        return [self.fields[name].column_name for name in self._meta.export_order]

    def _row_key(self, row: dict) -> tuple | None:
        """(区, 自治体, 種類) of a row, or None when the row does not resolve (it will be reported)."""
        try:
            return (
                self.fields["ward"].clean(row).pk,
                self.fields["municipality"].clean(row).pk,
                self.fields["kind"].clean(row),
            )
        except ValueError:
            return None

    def before_import(self, dataset, **kwargs):
        """Merge rows that are the same relation: the first keeps its values, later ones fill its blanks."""
        missing = [c for c in ("区", "自治体", "関係の種類") if c not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                f"見出しの行に「{'」「'.join(missing)}」の列がありません。列は {'、'.join(COLUMNS)} です。"
            )
        self.merged = {}
        first_of: dict[tuple, int] = {}
        headers = list(dataset.headers)
        for i, values in enumerate(dataset, start=1):
            row = dict(zip(headers, values, strict=True))
            key = self._row_key(row)
            if key is None:
                continue
            if key not in first_of:
                first_of[key] = i
                continue
            first = first_of[key]
            kept = list(dataset[first - 1])
            conflicts = []
            for col, (mine, theirs) in enumerate(zip(kept, values, strict=True)):
                if headers[col] in KEY_COLUMNS or _blank(theirs):
                    continue
                if _blank(mine):
                    kept[col] = theirs
                elif not _same_value(headers[col], mine, theirs):
                    conflicts.append(headers[col])
            dataset[first - 1] = kept
            self.merged[i] = MergedRow(
                line=spreadsheet_line(i), into_line=spreadsheet_line(first), conflicts=tuple(conflicts)
            )

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number", 0)

    def get_instance(self, instance_loader, row):
        # A name that does not resolve is the row's validation error (reported with the row), not a
        # failure of the whole import.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.row_number in self.merged:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.merged_rows = [self.merged[i] for i in sorted(self.merged)]
        result.row_error_list = [
            RowError(
                line=spreadsheet_line(row.number),
                messages=tuple(
                    (COLUMN_OF.get(key, "行全体"), message)
                    for key, messages in row.error_dict.items()
                    for message in messages
                ),
                values=row.values,
            )
            for row in result.invalid_rows
        ]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same_value(column: str, a, b) -> bool:
    if column == "開始日":
        try:
            return wareki.parse_date(a) == wareki.parse_date(b)
        except ValueError:
            pass
    return normalize_name(str(a)) == normalize_name(str(b))


class JapaneseCSV(base_formats.CSV):
    """CSV as Excel saves it in Japan: read as UTF-8 (with or without BOM) or Shift_JIS (cp932); written as
    UTF-8 with a BOM, without which Excel would read the Japanese as Shift_JIS."""

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + super().export_data(dataset, **kwargs)).encode("utf-8")

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "cp932"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ValueError("文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。")
        return super().create_dataset(in_stream, **kwargs)


class OfficialDomainResource(resources.ModelResource):
    """The official domains, imported from a CSV/Excel file with the columns 全国地方公共団体コード and
    公式ドメイン. Only municipalities of the master list are updated; a code that is not in it is an error."""

    code = fields.Field(attribute="code", column_name="全国地方公共団体コード")
    official_domain = fields.Field(attribute="official_domain", column_name="公式ドメイン")

    class Meta:
        model = Municipality
        fields = ("code", "official_domain")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        # Spreadsheets drop leading zeros (011002 → 11002) and people paste domains with spaces or capitals.
        row["全国地方公共団体コード"] = str(row.get("全国地方公共団体コード") or "").strip().zfill(6)
        row["公式ドメイン"] = str(row.get("公式ドメイン") or "").strip().lower()

    def init_instance(self, row=None):
        raise ValueError(f"全国地方公共団体コード {row.get('全国地方公共団体コード')} はマスタにありません。")
