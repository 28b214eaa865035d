"""Traditional Chinese characters read as simplified ones, so one set of rules reads mail from
Taiwan and Hong Kong (履歷, 面試, 錄取) as well as from the mainland.

A table of the characters job mail uses, written here because a full converter (OpenCC)
would be a heavy dependency for a few hundred characters; a character missing from it only
means a Traditional phrase is not recognised, never that one is misread.
"""

from __future__ import annotations

_PAIRS = (
    "試试應应徵征職职錄录遺遗歷历篩筛選选過过電电話话訪访談谈請请參参誠诚聯联繫系獲获擔担書书"
    "與与資资庫库於于將将這这們们來来為为時时點点週周進进場场線线輪轮測测評评認认確确謝谢簡简"
    "遞递報报機机會会議议視视頻频現现辦办間间區区員员業业專专術术經经驗验後后續续結结無无繼继"
    "薦荐適适單单達达關关給给發发務务體体處处狀状態态總总監监舉举辭辞導导師师問问題题對对說说"
    "讀读寫写聽听學学習习畢毕屆届奮奋鬥斗優优勢势團团隊队項项準准備备歡欢實实際际網网頁页碼码"
    "號号帳账戶户設设計计劃划規规範范標标審审階阶約约訂订預预調调變变負负責责僱雇傭佣遠远個个"
    "紀纪摯挚謹谨啟启順顺舊旧額额証证證证攜携帶带樓楼層层園园館馆廳厅門门鐘钟觀观覽览講讲營营"
    "銷销軟软韌韧雲云數数據据產产運运維维護护開开臺台灣湾禮礼儀仪競竞爭争"
)
TABLE: dict[int, str] = {
    ord(_PAIRS[index]): _PAIRS[index + 1] for index in range(0, len(_PAIRS) - 1, 2)
}


def simplified(text: str) -> str:
    """Return text with the Traditional characters of the table in their simplified form."""
    return text.translate(TABLE)
