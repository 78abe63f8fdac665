"""StreamField blocks for every page body (information pages and programmes),
kept plain so that pages stay readable on a small phone and work without
JavaScript. They live in the base app so that every app can use them."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)

    class Meta:
        icon = "title"
        template = "programmes/blocks/heading.html"
        label = _("Heading")
        description = _("A section title (level 2), used for the page's outline and screen readers.")
        preview_value = {"text": "Hoe krijg je een badge?"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "programmes/blocks/paragraph.html"
        label = _("Paragraph")
        description = _("Text with short sentences and plain words.")
        preview_value = "<p>Elke eerste en derde donderdag van de maand is de sociale kruidenier open.</p>"


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or a web address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError(_("Choose a page or give a web address, not both."))}
            )
        return value

    class Meta:
        icon = "link"
        template = "programmes/blocks/call_to_action.html"
        label = _("Button")
        description = _("One clear next step, such as 'Find an activity'.")
        preview_value = {"label": "Bekijk het aanbod", "url": "https://example.org/aanbod/"}


class InfoBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "link", "ul"])

    class Meta:
        icon = "help"
        template = "programmes/blocks/info_box.html"
        label = _("Info box")
        description = _("Practical information that must stand out, such as what to bring.")
        preview_value = {"title": "Wat breng je mee?", "text": "<p>Je badge en een boodschappentas.</p>"}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "programmes/blocks/question.html"
        label = _("Question and answer")
        description = _("A frequently asked question; the answer opens without JavaScript.")
        preview_value = {"question": "Moet ik inschrijven?", "answer": "<p>Nee, je mag gewoon binnenlopen.</p>"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "programmes/blocks/figure.html"
        label = _("Image")
        description = _("An image with a text alternative for people who cannot see it.")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    info_box = InfoBoxBlock()
    question = QuestionBlock()
    call_to_action = CallToActionBlock()
    figure = FigureBlock()
