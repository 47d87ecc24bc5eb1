"""Names for the synthetic population: Arabic and Kurdish, in Arabic script, each with the
Latin spellings that registration and travel documents actually give them.

Syrian Kurds' documents write Kurdish names in Arabic letters; Latin spellings follow
English transliteration, Kurmanji (Hawar alphabet) and French habits. The first spelling of
each entry is the most common one.
"""

from __future__ import annotations

Name = tuple[str, tuple[str, ...]]

ARABIC_MALE: tuple[Name, ...] = (
    ("محمد", ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Mehmed")),
    ("أحمد", ("Ahmed", "Ahmad", "Ehmed")),
    ("علي", ("Ali", "Aly", "Eli")),
    ("حسن", ("Hassan", "Hasan", "Hesen")),
    ("حسين", ("Hussein", "Hussain", "Husayn", "Hosein")),
    ("عبد الله", ("Abdullah", "Abdallah", "Abd Allah", "Abdulla")),
    ("عبد الرحمن", ("Abdulrahman", "Abdul Rahman", "Abdelrahman", "Abdurrahman")),
    ("عبد الكريم", ("Abdulkarim", "Abdul Karim", "Abdelkarim")),
    ("خالد", ("Khaled", "Khalid", "Xalid")),
    ("عمر", ("Omar", "Umar", "Omer")),
    ("محمود", ("Mahmoud", "Mahmud", "Mehmud")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa", "Mistefa")),
    ("إبراهيم", ("Ibrahim", "Ebrahim", "Brahim")),
    ("يوسف", ("Yousef", "Yusuf", "Youssef", "Yousif")),
    ("جاسم", ("Jasim", "Jassim", "Jasem")),
    ("صالح", ("Saleh", "Salih", "Salah")),
    ("كريم", ("Karim", "Kareem", "Kerim")),
    ("سعيد", ("Said", "Saeed", "Sa'id")),
    ("فاضل", ("Fadel", "Fadhil", "Fadil")),
    ("عادل", ("Adel", "Adil")),
    ("رشيد", ("Rashid", "Rasheed", "Reşîd")),
    ("إسماعيل", ("Ismail", "Ismael", "Esmail")),
)

ARABIC_FEMALE: tuple[Name, ...] = (
    ("فاطمة", ("Fatima", "Fatma", "Fatimah")),
    ("عائشة", ("Aisha", "Aysha", "Ayesha")),
    ("زينب", ("Zainab", "Zeinab", "Zaynab")),
    ("مريم", ("Maryam", "Mariam", "Meryem")),
    ("نور", ("Nour", "Noor", "Nur")),
    ("سارة", ("Sara", "Sarah")),
    ("هدى", ("Huda", "Houda", "Hoda")),
    ("رنا", ("Rana",)),
    ("خديجة", ("Khadija", "Khadijah", "Xedîce")),
    ("أمينة", ("Amina", "Aminah", "Emine")),
    ("ليلى", ("Layla", "Leila", "Laila")),
    ("سعاد", ("Suad", "Souad", "Soad")),
    ("حنان", ("Hanan", "Hanaa")),
    ("رقية", ("Ruqaya", "Roqaya", "Ruqayya")),
    ("ياسمين", ("Yasmin", "Yasmine", "Jasmin")),
    ("آمنة", ("Amna", "Amena", "Aamina")),
)

KURDISH_MALE: tuple[Name, ...] = (
    ("آزاد", ("Azad", "Azaad")),
    ("ريبر", ("Reber", "Rêber", "Rebar")),
    ("شيركو", ("Sherko", "Şêrko", "Shirko")),
    ("دلشاد", ("Dilshad", "Dilşad", "Delshad")),
    ("هوشيار", ("Hoshyar", "Hoşyar", "Hushyar")),
    ("كاوا", ("Kawa", "Kawe", "Kaveh")),
    ("جوان", ("Jwan", "Ciwan", "Juwan")),
    ("سربست", ("Serbest", "Sarbast")),
    ("زانا", ("Zana",)),
    ("ديار", ("Diyar", "Dyar")),
    ("ولات", ("Welat", "Walat")),
    ("هفال", ("Heval", "Hawal")),
    ("كاميران", ("Kamiran", "Kamaran")),
    ("بهزاد", ("Behzad", "Bahzad")),
    ("شفان", ("Shivan", "Şivan", "Shevan")),
    ("برزان", ("Barzan", "Berzan")),
)

KURDISH_FEMALE: tuple[Name, ...] = (
    ("روجدا", ("Rojda",)),
    ("جيان", ("Jiyan", "Jian", "Ciyan")),
    ("بيريفان", ("Berivan", "Beriwan", "Bêrîvan")),
    ("شيرين", ("Shirin", "Şîrîn", "Shireen")),
    ("هيفي", ("Hevi", "Hêvî", "Hivi")),
    ("ديلان", ("Dilan", "Delan")),
    ("نسرين", ("Nesrin", "Nasrin", "Nisreen")),
    ("روناهي", ("Ronahi", "Ronahî")),
    ("أفين", ("Avin", "Evîn", "Afin")),
    ("نوجين", ("Nujin", "Nojin")),
    ("روجين", ("Rojin", "Rozhin")),
    ("زوزان", ("Zozan",)),
    ("نارين", ("Narin", "Nareen")),
    ("دلال", ("Delal", "Dalal")),
)

ARABIC_FAMILY: tuple[Name, ...] = (
    ("الحسن", ("al-Hassan", "Al Hasan", "Alhasan")),
    ("العلي", ("al-Ali", "Al Ali", "Alali")),
    ("الجبوري", ("al-Jubouri", "Al-Jabouri", "Aljubori")),
    ("الشمري", ("al-Shammari", "Al Shamari", "Alshammary")),
    ("الدليمي", ("al-Dulaimi", "Al-Dulaymi", "Aldulaimi")),
    ("العبيدي", ("al-Obaidi", "Al-Ubaidi", "Alobaidy")),
    ("التميمي", ("al-Tamimi", "Al Tamimi", "Altamimi")),
    ("الخالدي", ("al-Khalidi", "Al Khaldi")),
    ("حمود", ("Hamoud", "Hammoud", "Hamud")),
    ("الأحمد", ("al-Ahmad", "Al Ahmed", "Alahmad")),
    ("المحمد", ("al-Mohammad", "Al Mohamed", "Almohammed")),
    ("الحمد", ("al-Hamad", "Al Hamad", "Alhamad")),
)

KURDISH_FAMILY: tuple[Name, ...] = (
    ("حسو", ("Hasso", "Heso", "Haso")),
    ("عثمان", ("Osman", "Othman", "Uthman")),
    ("خليل", ("Khalil", "Xelîl", "Khaleel")),
    ("شيخموس", ("Sheikhmous", "Şêxmûs", "Shekhmous")),
    ("بكر", ("Bakr", "Bakir", "Bekir")),
    ("رشو", ("Rasho", "Reşo", "Rashu")),
    ("حاجي", ("Haji", "Hajji", "Hecî")),
    ("بوزان", ("Bozan", "Buzan")),
    ("عمو", ("Amo", "Ammo", "Emo")),
    ("الزيباري", ("Zebari", "al-Zibari", "Zêbarî")),
    ("برازي", ("Barazi", "Berazî", "Brazi")),
    ("ملا", ("Mulla", "Mela", "Molla")),
)
