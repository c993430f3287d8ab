"""Where each social platform asks a creator to flag paid content.

A sponsored post bound for one of these channels needs the platform's own paid-partnership
setting as well as a disclosure in the text: the platform shows its label where the text
cannot (over a video, above a post), and its rules require the setting. Each entry names the
setting as the platform's help page does, in English and in Romanian (the Romanian gives the
English control name in quotes: interfaces differ by version and language), and links that page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    name: str
    #: The setting, per language, written to follow "turn on" / "activează".
    setting: dict[str, str]
    help: str


PLATFORMS: dict[str, Platform] = {
    "youtube": Platform(
        "YouTube",
        {
            "en": "the \"paid promotion\" box in the video's details in YouTube Studio (\"My video contains paid promotion like a product placement, sponsorship, or endorsement\")",
            "ro": "caseta „paid promotion” (promovare plătită) din detaliile videoclipului, în YouTube Studio",
        },
        "https://support.google.com/youtube/answer/154235",
    ),
    "tiktok": Platform(
        "TikTok",
        {
            "en": "\"Disclose commercial content\" under \"Content disclosure and ads\" when you post, then \"Branded content\"",
            "ro": "„Disclose commercial content” (dezvăluirea conținutului comercial) din „Content disclosure and ads” la publicare, apoi „Branded content”",
        },
        "https://support.tiktok.com/en/business-and-creator/creator-and-business-accounts/promoting-a-brand-product-or-service",
    ),
    "instagram": Platform(
        "Instagram",
        {
            "en": "the \"Add paid partnership label\" toggle in the post's advanced settings, tagging the brand as business partner",
            "ro": "comutatorul „Add paid partnership label” (eticheta de parteneriat plătit) din setările avansate ale postării, cu brandul etichetat ca partener de afaceri",
        },
        "https://help.instagram.com/116947042301556",
    ),
    "facebook": Platform(
        "Facebook",
        {
            "en": "the paid partnership label of Meta's branded content tool, tagging the brand as business partner",
            "ro": "eticheta de parteneriat plătit („paid partnership”) din instrumentul Meta pentru conținut de marcă, cu brandul etichetat ca partener de afaceri",
        },
        "https://www.facebook.com/business/help/150067102332664",
    ),
}


def platform_of(channel: object) -> Platform | None:
    """The platform a front matter ``channel`` publishes to (``YouTube``, `` tiktok ``)."""
    return PLATFORMS.get(channel.strip().lower()) if isinstance(channel, str) else None
